using CfgResults.Tests.Shared;

namespace CfgResults.Engine.Tests.Foundation;

/// <summary>
/// The test command provisions the Debian packages its tests read results with, so `dotnet test CfgResults.sln` is all
/// a newcomer types on a fresh machine of this image (apt-get stands in by a recorder where the machine has the package).
/// </summary>
public sealed class DebianPackagesTests
{
    [Theory]
    [InlineData("pdftotext", "/usr/bin/pdftotext")]
    [InlineData("pdfinfo", "/usr/bin/pdfinfo")]
    [InlineData("qpdf", "/usr/bin/qpdf")]
    [InlineData("nginx", "/usr/sbin/nginx")]
    public void Each_tool_the_tests_run_is_present_after_asking_for_it(string tool, string path)
    {
        Assert.Equal(path, DebianPackages.Tool(tool));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void The_fonts_of_the_documents_are_present_before_the_first_test() =>
        Assert.True(File.Exists(DebianPackages.DejaVuSans));

    [Fact]
    public async Task A_present_file_is_left_alone()
    {
        var calls = new List<string[]>();
        await DebianPackages.EnsureAsync("/usr/bin/qpdf", "qpdf", asRoot: true, args => { calls.Add(args); return Task.FromResult(0); });
        Assert.Empty(calls);
    }

    [Fact]
    public async Task An_absent_package_is_installed_as_root_with_an_update_when_the_install_fails()
    {
        var path = Path.Combine(Path.GetTempPath(), "absent-" + Guid.NewGuid().ToString("N"), "qpdf");
        var calls = new List<string>();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => DebianPackages.EnsureAsync(path, "qpdf", asRoot: true,
            args => { calls.Add(string.Join(' ', args)); return Task.FromResult(calls.Count == 1 ? 100 : 0); }));
        Assert.Equal(["install -y --no-install-recommends qpdf", "update", "install -y --no-install-recommends qpdf"], calls);
        Assert.Contains("après « apt-get install -y qpdf »", e.Message);
    }

    [Fact]
    public async Task An_absent_package_as_another_user_names_the_command()
    {
        var path = Path.Combine(Path.GetTempPath(), "absent-" + Guid.NewGuid().ToString("N"), "nginx");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => DebianPackages.EnsureAsync(path, "nginx", asRoot: false, _ => Task.FromResult(0)));
        Assert.Contains("apt-get install -y nginx", e.Message);
    }

    [Fact]
    public void An_unknown_tool_is_an_error() => Assert.Throws<ArgumentException>(() => DebianPackages.Tool("gs"));
}
