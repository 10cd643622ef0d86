using CfgResults.Engine.Demo;
using CfgResults.Engine.Domain;

namespace CfgResults.Engine.Tests.Demo;

/// <summary>One demo session of 2,000 candidates shared by the rule tests (generated once: the suite stays fast).</summary>
public sealed class DemoFixture
{
    public static readonly DateTimeOffset Now = new(2026, 6, 20, 10, 30, 0, TimeSpan.FromHours(2));

    public SessionData Session { get; } = DemoSessionGenerator.Generate(new DemoOptions(2000, 42, Now));
}
