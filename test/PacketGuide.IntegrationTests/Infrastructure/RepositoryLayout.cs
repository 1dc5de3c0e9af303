namespace PacketGuide.IntegrationTests.Infrastructure;

/// <summary>Paths inside the repository, found by walking up from the test assembly to PacketGuide.slnx.</summary>
public static class RepositoryLayout
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PacketGuide.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"PacketGuide.slnx not found above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>scripts/services/<paramref name="name"/>.</summary>
    public static string ServiceScript(string name)
    {
        var path = Path.Combine(Root, "scripts", "services", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Service script missing: {path}", path);
    }
}
