namespace PacketGuide.Server.Configuration;

/// <summary>Everything <c>pguide serve</c> is told: pguide.yaml's <c>serve:</c> section, <c>PGUIDE_SERVE__*</c> variables and flags.</summary>
public sealed record ServeOptions
{
    /// <summary>Where Kestrel listens (<c>serve.urls</c>). Loopback by default: exposing the service is a decision.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8080"];

    /// <summary>The SQLite file, tail checkpoints and the demo's logs live here (<c>serve.data-dir</c>).</summary>
    public string DataDirectory { get; init; } = "pguide-data";

    public StorageOptions Storage { get; init; } = new();

    public DhcpSourceOptions Dhcp { get; init; } = new();

    public SecurityOptions Security { get; init; } = new();

    public DnsServiceOptions Dns { get; init; } = new();

    /// <summary>pguide.yaml's <c>alerting:</c> section: rules, grouping, repeat (the built-in rules when absent).</summary>
    public PacketGuide.Alerting.Config.AlertingConfig Alerting { get; init; } = new();

    /// <summary>Subnet utilization at which the dashboard (and later alerting) says warning (<c>serve.utilization.warn</c>).</summary>
    public double UtilizationWarn { get; init; } = 0.8;

    /// <summary>Subnet utilization at which it says critical (<c>serve.utilization.critical</c>).</summary>
    public double UtilizationCritical { get; init; } = 0.9;

    /// <summary>Replay the bundled sample logs as live traffic (<c>--demo</c>): a working service with no DHCP server at hand.</summary>
    public bool Demo { get; init; }
}
