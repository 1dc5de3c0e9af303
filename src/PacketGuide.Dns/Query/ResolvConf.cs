using System.Net;

namespace PacketGuide.Dns.Query;

/// <summary>The <c>nameserver</c> lines of resolv.conf: what dig asks when no @server is given.</summary>
public static class ResolvConf
{
    public const string DefaultPath = "/etc/resolv.conf";

    /// <summary>The servers listed (IP literals on port 53; a <c>%zone</c> suffix is dropped); empty when the file is missing.</summary>
    public static async Task<IReadOnlyList<DnsServer>> ReadServersAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return [];
        }

        var servers = new List<DnsServer>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "nameserver" && IPAddress.TryParse(fields[1].Split('%')[0], out var address))
            {
                servers.Add(new DnsServer(address));
            }
        }

        return servers;
    }
}
