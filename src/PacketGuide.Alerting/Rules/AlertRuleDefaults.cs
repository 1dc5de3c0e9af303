namespace PacketGuide.Alerting.Rules;

/// <summary>
/// What a rule of each kind means when pguide.yaml leaves a setting out, and the rule set used when it names no rules:
/// the alerts an experienced DHCP and DNS operator wants on day one.
/// </summary>
public static class AlertRuleDefaults
{
    /// <summary>A rule of <paramref name="kind"/> named <paramref name="name"/> with every default filled in.</summary>
    public static AlertRule For(AlertRuleKind kind, string name) => kind switch
    {
        AlertRuleKind.PoolUtilization => new AlertRule
        {
            Name = name, Kind = kind, Severity = AlertSeverity.Warning, Threshold = 0.8, For = TimeSpan.FromMinutes(5),
            Summary = "Subnet {subnet} is {value} full (threshold {threshold})",
            Description = "{assigned} of {total} addresses are assigned. Add a pool, shorten the lease time, or find what holds the addresses.",
        },
        AlertRuleKind.AllocationFailure => new AlertRule
        {
            Name = name, Kind = kind, Severity = AlertSeverity.Critical, Threshold = 1,
            Summary = "Subnet {subnet}: {value} client(s) got no address in {window} (pool exhausted)",
            Description = "The DHCP server had no free address to offer. Clients on this subnet cannot join the network.",
        },
        AlertRuleKind.NakRate => new AlertRule
        {
            Name = name, Kind = kind, Severity = AlertSeverity.Warning, Threshold = 20,
            Summary = "Subnet {subnet}: {value} NAKs in {window}",
            Description = "Many refused requests: clients moving between networks, a rogue or misconfigured server, or a relay pointing at the wrong subnet.",
        },
        AlertRuleKind.Decline => new AlertRule
        {
            Name = name, Kind = kind, Severity = AlertSeverity.Warning, Threshold = 1,
            Summary = "Subnet {subnet}: {value} address conflict(s) (DECLINE) in {window}",
            Description = "A client found its offered address in use: a static address inside the pool, or a duplicate.",
        },
        AlertRuleKind.NoAck => new AlertRule
        {
            Name = name, Kind = kind, Severity = AlertSeverity.Warning, Threshold = 10, Window = TimeSpan.FromMinutes(30),
            Summary = "Subnet {subnet}: no ACK for {window} (it had {baseline} in the hour before)",
            Description = "A normally busy subnet has gone quiet: the server, its relay or the link may be down.",
        },
        AlertRuleKind.UnparsedLines => new AlertRule
        {
            Name = name, Kind = kind, Severity = AlertSeverity.Warning, Threshold = 10, Window = TimeSpan.FromMinutes(10),
            Summary = "{value} log line(s) PacketGuide could not read in {window}",
            Description = "The log format may have changed (a server upgrade, a new log layout); the figures miss those events.",
        },
        AlertRuleKind.DnsFindings => new AlertRule
        {
            Name = name, Kind = kind, Severity = AlertSeverity.Warning, Threshold = 1,
            Summary = "Zone {zone}: {value} error finding(s) in the last DNS validation",
            Description = "See the zone's page in the dashboard or GET /api/v1/validations for the findings.",
        },
        AlertRuleKind.RrsigExpiring => new AlertRule
        {
            Name = name, Kind = kind, Severity = AlertSeverity.Critical, Threshold = 3,
            Summary = "Zone {zone}: signatures expire in {value} days",
            Description = "When they expire, validating resolvers answer SERVFAIL for the whole zone. Check the signer.",
        },
        AlertRuleKind.SoaSerialLag => new AlertRule
        {
            Name = name, Kind = kind, Severity = AlertSeverity.Warning, Threshold = 1, For = TimeSpan.FromMinutes(15),
            Summary = "Zone {zone}: {server} is {value} serial(s) behind",
            Description = "The server missed a transfer: check NOTIFY, allow-transfer and its log.",
        },
        AlertRuleKind.KeaUnreachable => new AlertRule
        {
            Name = name, Kind = kind, Severity = AlertSeverity.Critical, Threshold = 1, For = TimeSpan.FromMinutes(2),
            Summary = "The Kea control API at {server} does not answer",
            Description = "Lease reconciliation has stopped; the DHCP server itself may be down.",
        },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown rule kind"),
    };

    /// <summary>The rules used when <c>alerting.rules</c> is absent.</summary>
    public static IReadOnlyList<AlertRule> Set { get; } =
    [
        For(AlertRuleKind.PoolUtilization, "pool-utilization-warning"),
        For(AlertRuleKind.PoolUtilization, "pool-utilization-critical") with { Severity = AlertSeverity.Critical, Threshold = 0.9 },
        For(AlertRuleKind.AllocationFailure, "allocation-failure"),
        For(AlertRuleKind.NakRate, "nak-rate"),
        For(AlertRuleKind.Decline, "address-conflict"),
        For(AlertRuleKind.NoAck, "no-ack"),
        For(AlertRuleKind.UnparsedLines, "unparsed-lines"),
        For(AlertRuleKind.DnsFindings, "dns-findings"),
        For(AlertRuleKind.RrsigExpiring, "rrsig-expiring"),
        For(AlertRuleKind.SoaSerialLag, "soa-serial-lag"),
        For(AlertRuleKind.KeaUnreachable, "kea-unreachable"),
    ];

    /// <summary>The names pguide.yaml uses for the kinds (<c>kind: pool-utilization</c>).</summary>
    public static IReadOnlyDictionary<string, AlertRuleKind> KindNames { get; } = new Dictionary<string, AlertRuleKind>(StringComparer.Ordinal)
    {
        ["pool-utilization"] = AlertRuleKind.PoolUtilization,
        ["allocation-failure"] = AlertRuleKind.AllocationFailure,
        ["nak-rate"] = AlertRuleKind.NakRate,
        ["decline"] = AlertRuleKind.Decline,
        ["no-ack"] = AlertRuleKind.NoAck,
        ["unparsed-lines"] = AlertRuleKind.UnparsedLines,
        ["dns-findings"] = AlertRuleKind.DnsFindings,
        ["rrsig-expiring"] = AlertRuleKind.RrsigExpiring,
        ["soa-serial-lag"] = AlertRuleKind.SoaSerialLag,
        ["kea-unreachable"] = AlertRuleKind.KeaUnreachable,
    };
}
