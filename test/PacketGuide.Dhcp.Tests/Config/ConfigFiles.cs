using PacketGuide.Dhcp.Config;

namespace PacketGuide.Dhcp.Tests.Config;

/// <summary>A scratch directory of configuration files for one test, and the committed fixtures.</summary>
internal sealed class ConfigFiles : IDisposable
{
    public ConfigFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "pguide-config-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public static string Fixture(string name) => TestData.PathOf(Path.Combine("config", name));

    public string Write(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public DhcpServerConfig Load(string name, DhcpConfigFormat format = DhcpConfigFormat.Auto) =>
        DhcpConfigLoader.Load(Path.Combine(Directory, name), format);

    public DhcpConfigException Fails(string name, DhcpConfigFormat format = DhcpConfigFormat.Auto) =>
        Assert.Throws<DhcpConfigException>(() => Load(name, format));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
