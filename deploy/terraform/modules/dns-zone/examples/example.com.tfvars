# example.com as RRsets for this module; the same zone as examples/gitops-dns/zones/example.com.yaml.
# `pguide dns export example.com --format terraform --out example.com.tfvars` writes this form from a spec or a server.
# Server and key come from the environment, never from this file:
#   export TF_VAR_dns_server=192.0.2.53 TF_VAR_tsig_key_name=ddns-key TF_VAR_tsig_key_secret="$(cat /run/secrets/ddns)"
#   terraform apply -var-file=examples/example.com.tfvars

zone        = "example.com"
default_ttl = 3600
records = [
  { name = "@", type = "MX", ttl = 300, values = ["10 mail.example.com.", "20 mx2.example.com."] },
  { name = "@", type = "TXT", values = ["v=spf1 mx -all"] },
  { name = "_sip._tcp", type = "SRV", values = ["10 5 5060 sip.example.com."] },
  { name = "lab", type = "NS", ttl = 86400, values = ["ns1.lab.example.com.", "ns2.lab.example.com."] },
  { name = "mail", type = "A", values = ["192.0.2.25"] },
  { name = "selector1._domainkey", type = "TXT", values = ["v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest"] },
  { name = "shop", type = "CNAME", values = ["www.example.com."] },
  { name = "www", type = "A", values = ["192.0.2.10"] },
  { name = "www", type = "AAAA", values = ["2001:db8::10"] },
]
