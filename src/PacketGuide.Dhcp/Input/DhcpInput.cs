namespace PacketGuide.Dhcp.Input;

/// <summary>One input after glob expansion: a file, a gzip file, or standard input.</summary>
public sealed record DhcpInput(string Path, bool IsStandardInput, bool IsGzip)
{
    /// <summary>How the input is named in output and <c>file:line</c> references.</summary>
    public string DisplayPath => IsStandardInput ? "-" : Path;
}
