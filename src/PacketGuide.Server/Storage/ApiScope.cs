using System.Text.Json.Serialization;

namespace PacketGuide.Server.Storage;

/// <summary>What an API key may do; each scope includes the ones before it.</summary>
public enum ApiScope
{
    /// <summary>GET on everything.</summary>
    [JsonStringEnumMemberName("read")]
    Read,

    /// <summary>Also create, change and delete hosts and DNS records, plan zones, trigger validations.</summary>
    [JsonStringEnumMemberName("write")]
    Write,

    /// <summary>Also manage API keys, read the audit log and apply zone plans.</summary>
    [JsonStringEnumMemberName("admin")]
    Admin,
}
