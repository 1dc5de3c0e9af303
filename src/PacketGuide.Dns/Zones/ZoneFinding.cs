namespace PacketGuide.Dns.Zones;

public enum ZoneFindingSeverity
{
    Warning,
    Error,
}

/// <summary>
/// Something <c>pguide dns check</c> found in a zone spec: where (<c>file:line</c>), which rule (a stable id), and what to
/// do about it.
/// </summary>
public sealed record ZoneFinding(string Path, int Line, ZoneFindingSeverity Severity, string Rule, string Message)
{
    public override string ToString() =>
        $"{Path}:{Line}: {(Severity == ZoneFindingSeverity.Error ? "error" : "warning")} [{Rule}] {Message}";
}
