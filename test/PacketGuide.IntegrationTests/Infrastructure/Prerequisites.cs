using System.Globalization;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// The only reasons an integration test may skip: not running as root (network namespaces need it), or a program it
/// needs is not installed. Anything else that goes wrong is a failure.
/// </summary>
public static class Prerequisites
{
    /// <summary>Skips the current test unless the process is root and every program in <paramref name="programs"/> is found.</summary>
    public static void RequireRootAnd(params string[] programs)
    {
        var uid = EffectiveUserId();
        if (uid != 0)
        {
            Assert.Skip(string.Create(CultureInfo.InvariantCulture,
                $"needs root (network namespaces, veth pairs, raw sockets); running as uid {uid}"));
        }

        var missing = programs.Where(p => ToolPath.Find(p) is null).ToList();
        if (missing.Count > 0)
        {
            Assert.Skip($"not installed: {string.Join(", ", missing)} (apt-get install kea-dhcp4-server kea-dhcp6-server " +
                "kea-ctrl-agent kea-admin isc-dhcp-server iproute2 bind9 bind9-utils bind9-dnsutils pdns-server pdns-backend-sqlite3 sqlite3)");
        }
    }

    /// <summary>Skips the current test unless every program is found (servers on loopback ports need no root).</summary>
    public static void RequirePrograms(params string[] programs)
    {
        var missing = programs.Where(p => ToolPath.Find(p) is null).ToList();
        if (missing.Count > 0)
        {
            Assert.Skip($"not installed: {string.Join(", ", missing)} (apt-get install bind9 bind9-utils bind9-dnsutils pdns-server " +
                "pdns-backend-sqlite3 sqlite3)");
        }
    }

    /// <summary>True when every program is found: fixtures start servers only then, and the tests skip otherwise.</summary>
    public static bool Have(params string[] programs) => programs.All(p => ToolPath.Find(p) is not null);

    /// <summary>The effective user id, from /proc/self/status ("Uid: real effective saved fs").</summary>
    private static long EffectiveUserId()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                var fields = line[4..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("/proc/self/status has no Uid line.");
    }
}
