using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace PacketGuide.Server.Security;

/// <summary>Who made a request, for the audit log: the API key's name and id, or the token's subject.</summary>
internal static class Actor
{
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return "anonymous";
        }

        if (user.FindFirst("pguide:key")?.Value is { } key)
        {
            return $"key:{key} ({user.Identity.Name})";
        }

        var subject = user.FindFirst("preferred_username")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value ?? "?";
        return $"token:{subject}";
    }
}
