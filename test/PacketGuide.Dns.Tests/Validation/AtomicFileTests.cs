using PacketGuide.Dns.Validation.Output;

namespace PacketGuide.Dns.Tests.Validation;

/// <summary>Report files are replaced by rename: a reader sees old or new content, never half, and no temp file is left.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("pguide-atomic-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Replaces_the_file_and_leaves_no_temp_file()
    {
        var path = Path.Combine(_folder.FullName, "dns.prom");
        var ct = TestContext.Current.CancellationToken;
        await AtomicFile.WriteTextAsync(path, w => w.Write("old\n"), ct);

        await PrometheusTextfile.WriteFileAsync(path, ValidationSamples.Hostile(), ct);

        Assert.StartsWith("# HELP pguide_dns_validate_check_passed", await File.ReadAllTextAsync(path, ct), StringComparison.Ordinal);
        Assert.Equal(["dns.prom"], _folder.GetFiles().Select(f => f.Name));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task A_failing_write_keeps_the_old_content_and_removes_its_temp_file()
    {
        var path = Path.Combine(_folder.FullName, "report.html");
        var ct = TestContext.Current.CancellationToken;
        await AtomicFile.WriteTextAsync(path, w => w.Write("old"), ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteTextAsync(path, w =>
        {
            w.Write("half of the new");
            w.Flush();
            throw new InvalidOperationException("disk full");
        }, ct));

        Assert.Equal("old", await File.ReadAllTextAsync(path, ct));
        Assert.Equal(["report.html"], _folder.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public async Task Every_writer_has_an_atomic_file_variant()
    {
        var ct = TestContext.Current.CancellationToken;
        var report = ValidationSamples.Hostile();
        await ValidationJson.WriteFileAsync(Path.Combine(_folder.FullName, "r.json"), report, ct);
        await ValidationJUnit.WriteFileAsync(Path.Combine(_folder.FullName, "r.xml"), report, PacketGuide.Dns.Validation.ValidationSeverity.Error, ct);
        await ValidationHtml.WriteFileAsync(Path.Combine(_folder.FullName, "r.html"), report, ct);

        Assert.Equal(["r.html", "r.json", "r.xml"], _folder.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", await File.ReadAllTextAsync(Path.Combine(_folder.FullName, "r.xml"), ct), StringComparison.Ordinal);
        Assert.EndsWith("}\n", await File.ReadAllTextAsync(Path.Combine(_folder.FullName, "r.json"), ct), StringComparison.Ordinal);
    }
}
