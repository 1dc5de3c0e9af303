# shellcheck shell=bash
# Sourced by the dns validate benchmarks: add_bench_zone ZONE RECORDS MX_EVERY writes ZONE with RECORDS records to
# $W/ZONE.db (the apex SOA and NS, ns1, then names h0, h1, ...: A in 198.18.0.0/16 (distinct up to 65,536), every 10th AAAA, every 50th TXT and,
# when MX_EVERY > 0, every MX_EVERY-th an MX), adds it to the BIND of $W/bind.env with rndc addzone, waits until BIND
# serves it, and writes every record's "name TYPE" to $W/queries.txt (a dnsperf query file). Needs $W and bind.env sourced.
add_bench_zone() {
  local zone=$1 records=$2 mx_every=$3
  {
    echo "\$TTL 300"
    echo "@ IN SOA ns1.$zone. hostmaster.$zone. 1 3600 600 1209600 300"
    echo "  IN NS ns1.$zone."
    echo "ns1 IN A 192.0.2.53"
    awk -v n="$((records - 3))" -v zone="$zone" -v mx="$mx_every" 'BEGIN {
      for (i = 0; i < n; i++) {
        if (i % 50 == 7)                   printf "h%d IN TXT \"v=spf1 ip4:192.0.2.%d -all\"\n", i, i % 250
        else if (mx > 0 && i % mx == 3)    printf "h%d IN MX 10 mail%d.%s.\n", i, i % 100, zone
        else if (i % 10 == 1)              printf "h%d IN AAAA 2001:db8::%x\n", i, i
        else                               printf "h%d IN A 198.18.%d.%d\n", i, int(i / 256) % 256, i % 256
      }
    }'
  } >"$W/$zone.db"
  named-checkzone -i local -q "$zone" "$W/$zone.db"
  rndc -k "$BIND_RNDC_KEY_FILE" -s 127.0.0.1 -p "$BIND_RNDC_PORT" addzone "$zone" "{ type primary; file \"$zone.db\"; };" >/dev/null
  until dig @127.0.0.1 -p "$BIND_PORT" "$zone" SOA +norec +short +time=1 +tries=1 | grep -q hostmaster; do sleep 0.05; done
  awk -v zone="$zone" '$2 == "IN" && $1 != "@" && $1 != "" { print $1 "." zone " " $3 }' "$W/$zone.db" >"$W/queries.txt"
}
