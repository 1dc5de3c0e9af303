output "zone" {
  description = "The zone, absolute (example.com.)."
  value       = local.fqdn
}

output "record_sets" {
  description = "Every RRset this module manages, by \"name/type\": {name, type, ttl, values} after merging and defaults."
  value       = local.rrsets
}

output "managed_types" {
  description = "The record types this module can manage (anything else in the zone is left alone)."
  value       = local.supported_types
}
