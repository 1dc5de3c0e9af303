namespace PacketGuide.Server.Configuration;

/// <summary>One <c>serve.*</c> setting before validation: its values and where it was written (file:line or $VARIABLE).</summary>
internal sealed record ConfigValue(IReadOnlyList<string> Items, string Where);
