# One resource per RRset of the spec, through hashicorp/dns (RFC 2136 dynamic update signed with TSIG).
#
# The provider block is here, not in the caller, so the module also works as a root module
# (terraform apply -var-file=examples/example.com.tfvars). That makes it a "legacy" module: call it once per zone
# without count/for_each/depends_on (see README.md).

provider "dns" {
  update {
    server        = var.dns_server
    port          = var.dns_port
    key_name      = "${trimsuffix(var.tsig_key_name, ".")}."
    key_algorithm = var.tsig_key_algorithm
    key_secret    = var.tsig_key_secret
  }
}

locals {
  zone = lower(trimsuffix(var.zone, "."))
  fqdn = "${local.zone}."

  supported_types = ["A", "AAAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT"]

  # Names relative to the zone ("@" for the apex): "www.example.com." and "www" both become "www".
  normalized = [for r in var.records : {
    type   = upper(r.type)
    name   = contains(["@", "", local.zone], lower(trimsuffix(r.name, "."))) ? "@" : trimsuffix(trimsuffix(r.name, "."), ".${local.zone}")
    ttl    = r.ttl == null ? var.default_ttl : r.ttl
    values = r.values
  }]

  # Entries with the same name and type form one RRset (the first one's TTL wins, as in the spec).
  grouped = { for r in local.normalized : "${r.name}/${r.type}" => r... }
  rrsets = { for key, entries in local.grouped : key => {
    name   = entries[0].name
    type   = entries[0].type
    ttl    = entries[0].ttl
    values = distinct(flatten([for e in entries : e.values]))
  } }

  by_type = { for t in local.supported_types : t => { for key, s in local.rrsets : key => s if s.type == t } }

  # Host names in values are absolute, as in pguide: "mail.example.com" is "mail.example.com.".
  mx = { for key, s in local.by_type["MX"] : key => [for v in s.values : regex("^\\s*([0-9]+)\\s+(\\S+)\\s*$", v)] }
  srv = { for key, s in local.by_type["SRV"] : key => [for v in s.values : regex("^\\s*([0-9]+)\\s+([0-9]+)\\s+([0-9]+)\\s+(\\S+)\\s*$", v)] }
}

resource "dns_a_record_set" "this" {
  for_each  = local.by_type["A"]
  zone      = local.fqdn
  name      = each.value.name == "@" ? null : each.value.name
  addresses = each.value.values
  ttl       = each.value.ttl
}

resource "dns_aaaa_record_set" "this" {
  for_each  = local.by_type["AAAA"]
  zone      = local.fqdn
  name      = each.value.name == "@" ? null : each.value.name
  addresses = each.value.values
  ttl       = each.value.ttl
}

resource "dns_cname_record" "this" {
  for_each = local.by_type["CNAME"]
  zone     = local.fqdn
  name     = each.value.name
  cname    = "${trimsuffix(each.value.values[0], ".")}."
  ttl      = each.value.ttl
}

resource "dns_mx_record_set" "this" {
  for_each = local.by_type["MX"]
  zone     = local.fqdn
  name     = each.value.name == "@" ? null : each.value.name
  ttl      = each.value.ttl

  dynamic "mx" {
    for_each = local.mx[each.key]
    content {
      preference = tonumber(mx.value[0])
      exchange   = "${trimsuffix(mx.value[1], ".")}."
    }
  }
}

resource "dns_ns_record_set" "this" {
  for_each    = local.by_type["NS"]
  zone        = local.fqdn
  name        = each.value.name
  nameservers = [for v in each.value.values : "${trimsuffix(v, ".")}."]
  ttl         = each.value.ttl
}

resource "dns_ptr_record" "this" {
  for_each = local.by_type["PTR"]
  zone     = local.fqdn
  name     = each.value.name == "@" ? null : each.value.name
  ptr      = "${trimsuffix(each.value.values[0], ".")}."
  ttl      = each.value.ttl
}

resource "dns_srv_record_set" "this" {
  for_each = local.by_type["SRV"]
  zone     = local.fqdn
  name     = each.value.name
  ttl      = each.value.ttl

  dynamic "srv" {
    for_each = local.srv[each.key]
    content {
      priority = tonumber(srv.value[0])
      weight   = tonumber(srv.value[1])
      port     = tonumber(srv.value[2])
      target   = "${trimsuffix(srv.value[3], ".")}."
    }
  }
}

resource "dns_txt_record_set" "this" {
  for_each = local.by_type["TXT"]
  zone     = local.fqdn
  name     = each.value.name == "@" ? null : each.value.name
  txt      = each.value.values
  ttl      = each.value.ttl
}
