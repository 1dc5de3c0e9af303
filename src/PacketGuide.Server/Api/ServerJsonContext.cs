using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PacketGuide.Server.Storage;

namespace PacketGuide.Server.Api;

/// <summary>Source-generated JSON for every type the API reads or writes (no reflection: Native AOT and speed).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Page<LeaseRecord>))]
[JsonSerializable(typeof(LeaseRecord))]
[JsonSerializable(typeof(Page<EventRecord>))]
[JsonSerializable(typeof(EventRecord))]
[JsonSerializable(typeof(Page<HostRecord>))]
[JsonSerializable(typeof(HostRecord))]
[JsonSerializable(typeof(HostInput))]
[JsonSerializable(typeof(IReadOnlyList<SubnetView>))]
[JsonSerializable(typeof(ReadinessReport))]
[JsonSerializable(typeof(IReadOnlyList<EventRate>))]
[JsonSerializable(typeof(IReadOnlyList<ServerView>))]
[JsonSerializable(typeof(IReadOnlyList<ValidationZoneSummary>))]
[JsonSerializable(typeof(ValidationRunRecord))]
[JsonSerializable(typeof(Page<ValidationRunRecord>))]
[JsonSerializable(typeof(Page<AuditRecord>))]
[JsonSerializable(typeof(IReadOnlyList<DnsZoneView>))]
[JsonSerializable(typeof(DnsRecordListView))]
[JsonSerializable(typeof(DnsRecordInput))]
[JsonSerializable(typeof(DnsEditView))]
[JsonSerializable(typeof(DnsPlanRequest))]
[JsonSerializable(typeof(DnsApplyView))]
[JsonSerializable(typeof(DnsZoneApplyView))]
[JsonSerializable(typeof(ValidationRequest))]
[JsonSerializable(typeof(ApiKeyInput))]
[JsonSerializable(typeof(ApiKeyCreatedView))]
[JsonSerializable(typeof(IReadOnlyList<ApiKeyRecord>))]
[JsonSerializable(typeof(AlertsView))]
[JsonSerializable(typeof(SilenceView))]
[JsonSerializable(typeof(SilenceInput))]
[JsonSerializable(typeof(IReadOnlyList<SilenceView>))]
[JsonSerializable(typeof(Page<OutboxRecord>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
