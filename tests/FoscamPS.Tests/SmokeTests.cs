using Xunit;

namespace FoscamPS.Tests;

public class SmokeTests
{
    [Fact]
    public void ModuleAssemblyLoads() => Assert.Equal("FoscamPS", typeof(FoscamPS.Internal.AssemblyMarker).Assembly.GetName().Name);
}
