using System.Runtime.CompilerServices;

namespace CfgResults.Tests.Shared;

/// <summary>What every test assembly needs before its first test: the fonts the product's PDFs are set in.</summary>
internal static class TestMachine
{
#pragma warning disable CA2255 // a test assembly's one start-up hook: xunit 2 has no assembly fixture
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Prepare() => DebianPackages.EnsureFonts();
}
