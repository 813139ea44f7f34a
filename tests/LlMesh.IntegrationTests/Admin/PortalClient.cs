using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LlMesh.IntegrationTests.Admin;

/// <summary>A browser-like client of the admin API: keeps cookies and sends the anti-forgery token on changes.</summary>
internal sealed class PortalClient : IDisposable
{
    private readonly HttpClient _http;
    private string? _antiforgery;

    public PortalClient(Uri gateway)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = gateway };
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync("admin/api/" + path);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A state change with the anti-forgery header (fetched once per session), unless <paramref name="withAntiforgery"/> is false.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool withAntiforgery = true)
    {
        using var request = new HttpRequestMessage(method, "admin/api/" + path);
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
}
