using CfgResults.Host.Tests.Support;

namespace CfgResults.Host.Tests.Security;

/// <summary>`CfgResults:RunMemoryMegabytes` (README, SECURITY.md row 6) reaches the engine's limits; unset, it follows `TemplateMemoryMegabytes`.</summary>
public sealed class RunMemoryOptionsTests
{
    const long MiB = 1024 * 1024;

    sealed class ConfiguredHost(params (string Key, string Value)[] settings) : DemoHostFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach (var (key, value) in settings) builder.UseSetting($"CfgResults:{key}", value);
        }
    }

    [Fact]
    public async Task RunMemoryMegabytes_SetsTheRunBudget()
    {
        await using var host = new ConfiguredHost(("RunMemoryMegabytes", "64"));
        Assert.Equal(64 * MiB, host.Engine.Templates.Limits.RunMemoryBudget);
    }

    [Fact]
    public async Task Unset_TheRunBudgetIsFourTimesTheRenderBudget_TwiceWhatACsvRenderMayTake()
    {
        await using var host = new ConfiguredHost(("TemplateMemoryMegabytes", "200"));
        var limits = host.Engine.Templates.Limits;
        Assert.Equal(800 * MiB, limits.RunMemoryBudget);
        Assert.Equal(2 * limits.CsvMemoryBudget, limits.RunMemoryBudget);
    }

    [Fact]
    public void AnInvalidValue_StopsTheStart_WithAFrenchMessage()
    {
        using var host = new ConfiguredHost(("RunMemoryMegabytes", "0"));
        var e = Assert.ThrowsAny<Exception>(() => host.Engine);
        Assert.Contains("CfgResults:RunMemoryMegabytes doit être entre 1 et 65 536", e.ToString());
    }
}
