[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Concord.Integration.Tests")]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Concord.Cluster.Bench")]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
