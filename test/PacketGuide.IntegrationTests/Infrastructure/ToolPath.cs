using System.Collections.Immutable;

namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>
/// Where the tests look for programs: PATH plus the sbin folders, where Debian puts the DHCP servers (a PATH without
/// them is common outside a root login shell). Child processes get the same search path.
/// </summary>
public static class ToolPath
{
    private static readonly ImmutableArray<string> s_systemFolders = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>PATH with the system folders appended where missing.</summary>
    public static string SearchPath
    {
        get
        {
            var folders = (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .ToList();
            folders.AddRange(s_systemFolders.Where(f => !folders.Contains(f, StringComparer.Ordinal)));
            return string.Join(Path.PathSeparator, folders);
        }
    }

    /// <summary>The full path of an executable file named <paramref name="name"/>, or null.</summary>
    public static string? Find(string name)
    {
        foreach (var folder in SearchPath.Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }
}
