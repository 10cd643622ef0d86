namespace CfgResults.Browser.Tests;

/// <summary>How the browser fixture provisions Chromium on a fresh machine (apt-get stands in by a recorder: the machine has it).</summary>
public sealed class ChromiumProvisionerTests
{
    [Fact]
    public async Task Present_chromium_is_left_alone()
    {
        var calls = new List<string[]>();
        await ChromiumProvisioner.EnsureAsync(BrowserHost.ChromiumPath, asRoot: true, args => { calls.Add(args); return Task.FromResult(0); });
        Assert.Empty(calls);
    }

    [Fact]
    public async Task Absent_chromium_is_installed_by_apt_get_as_root_with_an_update_when_the_install_fails()
    {
        var path = Path.Combine(Path.GetTempPath(), "absent-" + Guid.NewGuid().ToString("N"), "chromium");
        var calls = new List<string>();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ChromiumProvisioner.EnsureAsync(path, asRoot: true,
            args => { calls.Add(string.Join(' ', args)); return Task.FromResult(calls.Count == 1 ? 100 : 0); }));
        Assert.Equal(["install -y --no-install-recommends chromium", "update", "install -y --no-install-recommends chromium"], calls);
        Assert.Contains("après « apt-get install -y chromium »", e.Message);
    }

    [Fact]
    public async Task Absent_chromium_as_another_user_names_the_command()
    {
        var path = Path.Combine(Path.GetTempPath(), "absent-" + Guid.NewGuid().ToString("N"), "chromium");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ChromiumProvisioner.EnsureAsync(path, asRoot: false, _ => Task.FromResult(0)));
        Assert.Contains("apt-get install -y chromium", e.Message);
    }
}
