namespace PacketGuide.Dhcp.Analysis;

/// <summary>An unparsed line kept as an example (text cut to 200 characters, control characters replaced).</summary>
public sealed record UnparsedExample(string Reason, SourceLocation Source, string Text);
