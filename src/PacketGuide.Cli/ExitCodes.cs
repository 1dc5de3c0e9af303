namespace PacketGuide.Cli;

/// <summary>Exit codes shared by every verb.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Findings: validation failed, a pool is critical, an apply was refused. (`dns plan --detailed-exitcode` follows Terraform instead: 0 no changes, 2 changes, 1 error.)</summary>
    public const int Findings = 1;

    /// <summary>Usage error or unreadable input.</summary>
    public const int UsageOrInput = 2;

    /// <summary>A server or service the command needs did not answer.</summary>
    public const int Unreachable = 3;

    /// <summary>Interrupted (SIGINT).</summary>
    public const int Interrupted = 130;
}
