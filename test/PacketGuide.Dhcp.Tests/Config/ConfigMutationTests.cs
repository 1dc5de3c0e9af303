using System.Text;
using PacketGuide.Dhcp.Config;

namespace PacketGuide.Dhcp.Tests.Config;

/// <summary>
/// Hostile input at scale: every fixture, mutated at random (characters deleted, syntax characters and stray bytes
/// inserted, lines duplicated, the file cut short), must either load or fail with a <see cref="DhcpConfigException"/>
/// that names a place; never another exception, never a hang.
/// </summary>
public sealed class ConfigMutationTests
{
    private static readonly string[] s_insertions =
        ["{", "}", ";", "\"", "#", "//", "/*", "*/", "<?include \"x\"?>", "<?include", "include \"", "\n", ",", "[", "]", "-", "/",
         "\u00e9", "\0", "range 1.2.3.4 9.9.9.9;", "subnet 10.0.0.0 netmask 255.255.255.0 {", "{ \"pool\": \"10.0.0.9 - 10.0.0.1\" },"];

    [Theory]
    [InlineData("kea-dhcp4.conf")]
    [InlineData("kea-dhcp6.conf")]
    [InlineData("dhcpd.conf")]
    [InlineData("dhcpd6.conf")]
    public void Mutated_fixtures_load_or_fail_cleanly(string fixture)
    {
        var original = File.ReadAllText(ConfigFiles.Fixture(fixture));
        using var files = new ConfigFiles();
        foreach (var include in Directory.GetFiles(Path.GetDirectoryName(ConfigFiles.Fixture(fixture))!))
        {
            File.Copy(include, Path.Combine(files.Directory, Path.GetFileName(include)));
        }

        var random = new Random(fixture.Length * 7919);
        int loaded = 0, failed = 0;
        for (var round = 0; round < 300; round++)
        {
            var text = Mutate(original, random);
            files.Write(fixture, Encoding.Latin1.GetBytes(text));
            try
            {
                _ = files.Load(fixture).Index.FindPool(System.Net.IPAddress.Loopback);
                loaded++;
            }
            catch (DhcpConfigException e)
            {
                Assert.True(e.Location.File is not null && e.Message.Length > 0, e.ToString());
                Assert.DoesNotContain("Exception", e.Message, StringComparison.Ordinal);
                failed++;
            }
        }

        Assert.True(loaded > 0 && failed > 0, $"{loaded} loaded, {failed} failed: the mutations should do both");
    }

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(5))
            {
                case 0 when builder.Length > 0:
                    builder.Remove(Math.Min(at, builder.Length - 1), Math.Min(random.Next(1, 20), builder.Length - Math.Min(at, builder.Length - 1)));
                    break;
                case 1:
                    builder.Insert(at, s_insertions[random.Next(s_insertions.Length)]);
                    break;
                case 2:
                    builder.Length = Math.Min(at, builder.Length);
                    break;
                case 3:
                    builder.Insert(at, (char)random.Next(0x80, 0x100));
                    break;
                default:
                    var start = builder.ToString().LastIndexOf('\n', Math.Max(0, Math.Min(at, builder.Length - 1))) + 1;
                    var end = builder.ToString().IndexOf('\n', start);
                    if (end > start)
                    {
                        builder.Insert(start, builder.ToString(start, end - start + 1));
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}
