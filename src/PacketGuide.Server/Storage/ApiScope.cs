namespace PacketGuide.Server.Storage;

/// <summary>What an API key may do; each scope includes the ones before it.</summary>
public enum ApiScope
{
    /// <summary>GET on everything.</summary>
    Read,

    /// <summary>Also create, change and delete hosts and DNS records, trigger validations.</summary>
    Write,

    /// <summary>Also manage API keys and apply zone plans.</summary>
    Admin,
}
