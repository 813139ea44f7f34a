using Microsoft.AspNetCore.Antiforgery;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// Every state change made with the portal cookie (not with an Entra bearer token) must carry the anti-forgery token in
/// <see cref="AdminDefaults.AntiforgeryHeader"/>: another site can make the browser send the cookie, not the token.
/// </summary>
internal sealed class AntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;

        // A bearer token is not sent by a browser on its own (a cross-site page cannot add the header), so it
        // needs no anti-forgery token; but a request that also carries the portal cookie may be signed in by
        // the cookie, and is checked like any cookie request.
        var bearerOnly = request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && !request.Cookies.Keys.Any(k => k.StartsWith(AdminDefaults.CookieName, StringComparison.Ordinal));
        if (!bearerOnly && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return TypedResults.Problem(
                $"Missing or invalid anti-forgery token: send the token from GET {AdminDefaults.RoutePrefix}/antiforgery in the {AdminDefaults.AntiforgeryHeader} header.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Anti-forgery check failed");
        }

        return await next(context);
    }
}
