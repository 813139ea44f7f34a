using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Admin;

/// <summary>A browser-like client of the admin API: keeps cookies and sends the anti-forgery token on changes.</summary>
internal sealed partial class PortalClient : IDisposable
{
    private readonly HttpClient _http;
    private string? _antiforgery;

    public PortalClient(Uri gateway)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = gateway };
    }

    /// <summary>The one-time setup code a fresh gateway printed in its log.</summary>
    public static async Task<string> SetupCodeAsync(GatewayProcess gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var line = await gateway.WaitForLineAsync(l => l.Contains("one-time code:", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        return SetupCodePattern().Match(line).Value;
    }

    /// <summary>Claims a fresh gateway with the code from its log and returns the admin's signed-in client.</summary>
    public static async Task<PortalClient> SetUpAdminAsync(GatewayProcess gateway, string name = "owner", string password = "a long enough password")
    {
        var portal = new PortalClient(gateway.BaseAddress);
        using var setup = await portal.PostAnonymousAsync("setup", new { code = await SetupCodeAsync(gateway), name, password });
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        return portal;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync("admin/api/" + path);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A state change with the anti-forgery header (fetched once per session), unless <paramref name="withAntiforgery"/> is false; with an <c>Authorization</c> header if given.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool withAntiforgery = true, string? authorization = null)
    {
        using var request = new HttpRequestMessage(method, "admin/api/" + path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (withAntiforgery)
        {
            request.Headers.Add("X-XSRF-TOKEN", await AntiforgeryAsync());
        }

        return await _http.SendAsync(request);
    }

    /// <summary>Setup and login: anonymous, so no anti-forgery token exists yet.</summary>
    public async Task<HttpResponseMessage> PostAnonymousAsync(string path, object body)
    {
        _antiforgery = null;
        return await _http.PostAsJsonAsync("admin/api/" + path, body);
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> AntiforgeryAsync()
    {
        if (_antiforgery is null)
        {
            var answer = await GetJsonAsync("antiforgery");
            _antiforgery = answer.GetProperty("token").GetString()!;
        }

        return _antiforgery;
    }

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex SetupCodePattern();
}
