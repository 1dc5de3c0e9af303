# Mirrors PacketGuide's zone spec (zones/<zone>.yaml): zone, ttl, records. `pguide dns export ZONE --format terraform`
# writes a .tfvars file with exactly these three variables.

variable "zone" {
  description = "The zone, with or without the trailing dot (example.com)."
  type        = string

  validation {
    condition     = can(regex("^([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.?$", var.zone))
    error_message = "zone must be a domain name such as example.com (IDN names in punycode)."
  }
}

variable "default_ttl" {
  description = "TTL for records that give none (the spec's ttl)."
  type        = number
  default     = 3600

  validation {
    condition     = var.default_ttl >= 0 && var.default_ttl <= 2147483647 && floor(var.default_ttl) == var.default_ttl
    error_message = "default_ttl must be a whole number of seconds from 0 to 2147483647 (RFC 2181)."
  }
}

variable "records" {
  description = <<-EOT
    RRsets of the zone, as in the spec: name ("@" for the apex, relative "www", or absolute "www.example.com."), type,
    optional ttl, and values in zone-file form ("10 mail.example.com." for MX, "10 5 5060 sip.example.com." for SRV),
    except TXT, whose values are the text itself, one value per TXT record, without zone-file quotes.
    Entries with the same name and type are merged into one RRset. Supported types: A, AAAA, CNAME, MX, NS, PTR, SRV, TXT.
  EOT
  type = list(object({
    name   = string
    type   = string
    ttl    = optional(number)
    values = list(string)
  }))
  default = []

  validation {
    condition     = alltrue([for r in var.records : contains(["A", "AAAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT"], upper(r.type))])
    error_message = "Every record type must be one of A, AAAA, CNAME, MX, NS, PTR, SRV, TXT (the types hashicorp/dns can manage)."
  }

  validation {
    condition     = alltrue([for r in var.records : length(r.values) > 0])
    error_message = "Every record needs at least one value."
  }

  validation {
    condition     = alltrue([for r in var.records : length(r.values) == 1 if contains(["CNAME", "PTR"], upper(r.type))])
    error_message = "A CNAME or PTR record has exactly one value (hashicorp/dns manages one target per name)."
  }

  validation {
    condition     = alltrue([for r in var.records : !contains(["@", ""], r.name) if contains(["CNAME", "NS", "SRV"], upper(r.type))])
    error_message = "CNAME, NS and SRV records need a name below the apex: a CNAME cannot sit at the apex, and the apex NS RRset belongs to the server."
  }

  validation {
    condition     = alltrue(flatten([for r in var.records : [for v in r.values : can(regex("^\\s*[0-9]+\\s+\\S+\\s*$", v))] if upper(r.type) == "MX"]))
    error_message = "MX values are \"PREFERENCE HOST\", for example \"10 mail.example.com.\"."
  }

  validation {
    condition     = alltrue(flatten([for r in var.records : [for v in r.values : can(regex("^\\s*[0-9]+\\s+[0-9]+\\s+[0-9]+\\s+\\S+\\s*$", v))] if upper(r.type) == "SRV"]))
    error_message = "SRV values are \"PRIORITY WEIGHT PORT TARGET\", for example \"10 5 5060 sip.example.com.\"."
  }

  validation {
    condition     = alltrue([for r in var.records : r.ttl == null ? true : (r.ttl >= 0 && r.ttl <= 2147483647)])
    error_message = "A record's ttl must be from 0 to 2147483647 seconds (RFC 2181)."
  }
}

variable "dns_server" {
  description = "The primary server that takes RFC 2136 updates (host name or address)."
  type        = string
}

variable "dns_port" {
  description = "Its DNS port."
  type        = number
  default     = 53
}

variable "tsig_key_name" {
  description = "TSIG key name, as in the server's key statement (ddns-key); the trailing dot is added."
  type        = string
}

variable "tsig_key_algorithm" {
  description = "TSIG algorithm."
  type        = string
  default     = "hmac-sha256"

  validation {
    condition     = contains(["hmac-md5", "hmac-sha1", "hmac-sha256", "hmac-sha512"], var.tsig_key_algorithm)
    error_message = "tsig_key_algorithm must be hmac-sha256, hmac-sha512, hmac-sha1 or hmac-md5 (what hashicorp/dns supports)."
  }
}

variable "tsig_key_secret" {
  description = "TSIG secret (base64). Pass it as TF_VAR_tsig_key_secret from a secret store, never in a .tfvars file."
  type        = string
  sensitive   = true
}
