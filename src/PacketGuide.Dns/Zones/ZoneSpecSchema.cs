namespace PacketGuide.Dns.Zones;

/// <summary>
/// The JSON Schema of a zone spec (<c>pguide dns schema</c>), for editors: with the YAML language server, a first line
/// <c># yaml-language-server: $schema=./pguide-zone.schema.json</c> gives completion and checks while typing. It describes
/// the shape; <c>pguide dns check</c> checks the meaning (names, values, CNAME rules, targets).
/// </summary>
public static class ZoneSpecSchema
{
    public const string Json = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://packetguide.dev/schemas/zone-spec.json",
          "title": "PacketGuide zone spec (zones/<zone>.yaml)",
          "type": "object",
          "required": ["zone"],
          "additionalProperties": false,
          "properties": {
            "zone": { "type": "string", "description": "The zone, e.g. example.com (a trailing dot is optional).", "minLength": 1, "maxLength": 255 },
            "ttl": { "type": "integer", "minimum": 0, "maximum": 2147483647, "default": 3600, "description": "TTL of records that give none." },
            "provider": { "type": "string", "description": "The provider of pguide.yaml that serves the zone (else --provider, or the only one)." },
            "owner": { "type": "string", "pattern": "^[A-Za-z0-9._-]{1,63}$", "default": "pguide", "description": "Ownership id written into PacketGuide's _pguide markers; specs with different owners never delete each other's records." },
            "ignore": { "type": "array", "items": { "type": "string", "pattern": "^\\S+$" }, "description": "Name patterns PacketGuide never touches: * is any run of characters; relative to the zone (@ is the apex) unless they end in a dot." },
            "safety": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "max-update-percent": { "type": "integer", "minimum": 0, "maximum": 100, "default": 30 },
                "max-delete-percent": { "type": "integer", "minimum": 0, "maximum": 100, "default": 30 },
                "minimum-record-sets": { "type": "integer", "minimum": 0, "default": 10, "description": "Zones with fewer RRsets are not held to the percentages." }
              }
            },
            "dnssec": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "enabled": { "type": "boolean", "default": true },
                "algorithm": { "enum": [8, 13, 14, 15], "default": 13, "description": "8 RSASHA256, 13 ECDSAP256SHA256, 14 ECDSAP384SHA384, 15 ED25519." },
                "split-keys": { "type": "boolean", "default": false, "description": "KSK + ZSK instead of one combined signing key (CSK)." },
                "nsec3": {
                  "oneOf": [
                    { "type": "boolean" },
                    {
                      "type": "object",
                      "additionalProperties": false,
                      "properties": {
                        "iterations": { "type": "integer", "minimum": 0, "maximum": 500, "default": 0 },
                        "salt": { "type": "string", "pattern": "^([0-9A-Fa-f]{2})*$|^-$", "default": "" },
                        "opt-out": { "type": "boolean", "default": false }
                      }
                    }
                  ]
                }
              }
            },
            "records": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["name", "type"],
                "additionalProperties": false,
                "oneOf": [ { "required": ["value"] }, { "required": ["values"] } ],
                "properties": {
                  "name": { "type": "string", "minLength": 1, "description": "Relative to the zone (www, @ for the apex), or absolute (ending in a dot, or in the zone's name)." },
                  "type": { "type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]*$", "examples": ["A", "AAAA", "CNAME", "MX", "TXT", "SRV", "NS", "PTR", "CAA", "TLSA", "SSHFP", "NAPTR"] },
                  "ttl": { "type": "integer", "minimum": 0, "maximum": 2147483647 },
                  "value": { "type": "string", "description": "One value in zone-file text; host names in it are absolute." },
                  "values": { "type": "array", "minItems": 1, "items": { "type": "string" } }
                }
              }
            }
          }
        }
        """;
}
