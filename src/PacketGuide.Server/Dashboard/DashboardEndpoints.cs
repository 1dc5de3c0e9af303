using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PacketGuide.Server.Dashboard;

/// <summary>
/// Serves the dashboard (src/PacketGuide.Server/wwwroot, embedded in the assembly: one executable, no CDN, no files to
/// deploy) at <c>/</c> and <c>/ui/*</c>, with strong ETags so browsers revalidate cheaply.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json",
        [".png"] = "image/png",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        var files = Load();
        app.MapGet("/", (HttpContext context) => Serve(context, files, "index.html")).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/ui/{**path}", (HttpContext context, string path) => Serve(context, files, path)).ExcludeFromDescription().AllowAnonymous();
    }

    /// <summary>The embedded dashboard files by path (index.html, app.js, ...).</summary>
    internal static FrozenDictionary<string, DashboardFile> Load()
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        var files = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith("wwwroot/", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var path = name["wwwroot/".Length..].Replace('\\', '/');
            files[path] = new DashboardFile(bytes, ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream"),
                "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes), 0, 8) + "\"");
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static IResult Serve(HttpContext context, FrozenDictionary<string, DashboardFile> files, string path)
    {
        if (!files.TryGetValue(path, out var file))
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.ETag = file.ETag;
        context.Response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch == file.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(file.Content, file.ContentType);
    }
}
