namespace PacketGuide.Alerting.Rules;

/// <summary>The built-in rule kinds. Each is evaluated per subnet, zone or server and has defaults (<see cref="AlertRuleDefaults"/>).</summary>
public enum AlertRuleKind
{
    /// <summary>A subnet's utilization at or above the threshold; resolved below the clear level (hysteresis).</summary>
    PoolUtilization,

    /// <summary>The server could not give an address (pool exhausted) in the window.</summary>
    AllocationFailure,

    /// <summary>NAKs in the window at or above the threshold.</summary>
    NakRate,

    /// <summary>Any DECLINE in the window: a client found the address in use (an address conflict).</summary>
    Decline,

    /// <summary>No ACK in the window on a subnet that had at least the threshold of ACKs in the hour before.</summary>
    NoAck,

    /// <summary>Log lines PacketGuide could not read in the window at or above the threshold (the log format changed).</summary>
    UnparsedLines,

    /// <summary>A zone's last DNS validation has findings at or above the rule's severity threshold (error by default).</summary>
    DnsFindings,

    /// <summary>A zone's first RRSIG expires within the threshold (days).</summary>
    RrsigExpiring,

    /// <summary>A server's SOA serial is at least the threshold of steps behind the newest.</summary>
    SoaSerialLag,

    /// <summary>The Kea control API did not answer the last reconciliation.</summary>
    KeaUnreachable,
}
