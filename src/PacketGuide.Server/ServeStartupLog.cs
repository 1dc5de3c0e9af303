using Microsoft.Extensions.Logging;

namespace PacketGuide.Server;

/// <summary>What <c>pguide serve</c> says once at start.</summary>
internal static partial class ServeStartupLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "DHCP configuration: {Warning}")]
    public static partial void ConfigWarning(ILogger logger, string warning);
}
