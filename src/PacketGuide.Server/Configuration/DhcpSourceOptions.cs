namespace PacketGuide.Server.Configuration;

/// <summary><c>serve.dhcp</c>: what the pipeline follows.</summary>
public sealed record DhcpSourceOptions
{
    /// <summary>Log paths or globs to follow through rotations (<c>serve.dhcp.logs</c>), e.g. <c>/var/log/kea/kea-dhcp4.log*</c>.</summary>
    public IReadOnlyList<string> Logs { get; init; } = [];

    /// <summary>kea-dhcp4/6.conf or dhcpd.conf for pool sizes (<c>serve.dhcp.config</c>); without it utilization is unknown.</summary>
    public string? Config { get; init; }

    /// <summary>Read the logs from their start on the first run (<c>serve.dhcp.from-start</c>); later runs resume from checkpoints.</summary>
    public bool FromStart { get; init; }

    /// <summary>A Kea to reconcile with (<c>serve.dhcp.kea</c>); null when none is configured.</summary>
    public KeaSourceOptions? Kea { get; init; }
}
