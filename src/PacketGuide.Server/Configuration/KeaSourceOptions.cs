namespace PacketGuide.Server.Configuration;

/// <summary><c>serve.dhcp.kea</c>: a running Kea whose lease list is the truth the tracker reconciles with.</summary>
public sealed record KeaSourceOptions
{
    /// <summary>The Control Agent (<c>serve.dhcp.kea.url</c>, e.g. http://127.0.0.1:8000/).</summary>
    public Uri? Url { get; init; }

    /// <summary>Or kea-dhcp4's unix control socket (<c>serve.dhcp.kea.socket</c>).</summary>
    public string? Socket { get; init; }

    /// <summary>Basic auth user for the agent (<c>serve.dhcp.kea.user</c>).</summary>
    public string? User { get; init; }

    /// <summary>Its password as env:NAME or file:/path (<c>serve.dhcp.kea.password</c>).</summary>
    public string? Password { get; init; }

    /// <summary>How often (<c>serve.dhcp.kea.reconcile-every</c>, default 60 s).</summary>
    public TimeSpan ReconcileEvery { get; init; } = TimeSpan.FromSeconds(60);
}
