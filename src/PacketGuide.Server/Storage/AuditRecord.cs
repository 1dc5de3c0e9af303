using System.Text.Json;

namespace PacketGuide.Server.Storage;

/// <summary>One change made through the API: when, by whom (API key name or token subject), what and to what.</summary>
/// <param name="Action">e.g. <c>dns.record.set</c>, <c>dns.apply</c>, <c>apikey.create</c>.</param>
/// <param name="Target">What it changed: <c>www.example.com. A</c>, a zone, a key id.</param>
/// <param name="Detail">Before and after, as a JSON object; never a secret.</param>
public sealed record AuditRecord(long Seq, DateTimeOffset Time, string Actor, string Action, string Target, JsonElement? Detail);
