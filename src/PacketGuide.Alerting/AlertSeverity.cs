namespace PacketGuide.Alerting;

/// <summary>How bad an alert is; a critical alert inhibits the warning of the same rule family and labels.</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}
