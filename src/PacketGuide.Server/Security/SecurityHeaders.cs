using Microsoft.AspNetCore.Http;

namespace PacketGuide.Server.Security;

/// <summary>Headers every response carries: no sniffing, no framing, no referrer, and a content security policy for the dashboard.</summary>
internal static class SecurityHeaders
{
    private const string DashboardPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static Task Apply(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // The API docs page (Scalar) runs its own inline bootstrap; everything else gets the strict policy.
        if (!context.Request.Path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = DashboardPolicy;
        }

        return next();
    }
}
