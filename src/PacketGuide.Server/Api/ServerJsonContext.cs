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
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
