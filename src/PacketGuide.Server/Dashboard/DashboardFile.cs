namespace PacketGuide.Server.Dashboard;

/// <summary>One embedded dashboard file.</summary>
internal sealed record DashboardFile(byte[] Content, string ContentType, string ETag);
