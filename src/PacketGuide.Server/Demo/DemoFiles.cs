namespace PacketGuide.Server.Demo;

/// <summary>Where the demo writes its log and the Kea configuration that gives its subnets their pool sizes.</summary>
public sealed class DemoFiles
{
    public DemoFiles(string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        Directory = Path.Combine(dataDirectory, "demo");
        LogPath = Path.Combine(Directory, "kea-dhcp4.log");
        ConfigPath = Path.Combine(Directory, "kea-dhcp4.conf");
    }

    public string Directory { get; }

    public string LogPath { get; }

    public string ConfigPath { get; }

    /// <summary>The glob the pipeline follows (the live file and its rotated predecessor).</summary>
    public string LogPattern => LogPath + "*";

    /// <summary>Creates the directory and writes the bundled Kea configuration.</summary>
    public void Prepare()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllLines(ConfigPath, ReadResourceLines("demo/kea-dhcp4.conf"));
    }

    internal static IReadOnlyList<string> ReadResourceLines(string name)
    {
        using var stream = typeof(DemoFiles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is missing from {typeof(DemoFiles).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
