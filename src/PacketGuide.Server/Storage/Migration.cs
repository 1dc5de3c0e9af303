namespace PacketGuide.Server.Storage;

/// <summary>One schema version: statements written once for both databases (see <see cref="SqlDialect.Render"/>).</summary>
internal sealed record Migration(int Version, string Description, IReadOnlyList<string> Statements);
