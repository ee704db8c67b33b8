using System.CommandLine;
using Concord.Configuration;

namespace Concord.Cli.Commands;

/// <summary>
/// `concord keygen [-k PATH] [--force]`: create the cluster's shared authkey (like corosync-keygen):
/// 256 random bytes, mode 0400. Refuses to replace an existing key unless --force (exit 73).
/// </summary>
internal static class KeygenCommand
{
    public static Command Create()
    {
        var keyFile = new Option<string>("--key-file", "-k")
        {
            Description = $"Where to write the key (default {TotemSection.DefaultKeyFile}; must match totem.keyfile)",
            DefaultValueFactory = _ => TotemSection.DefaultKeyFile,
        };
        var force = new Option<bool>("--force") { Description = "Replace an existing key (every node then needs the new one)" };
        var command = new Command("keygen", "Generate the cluster authkey used to encrypt and authenticate traffic") { keyFile, force };
        command.SetAction(parse => Run(
            parse.GetValue(keyFile)!, parse.GetValue(force), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(string path, bool force, TextWriter output, TextWriter error)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            error.WriteLine("concord: -k needs a file path");
            return ExitCodes.Usage;
        }

        AuthKeyWriteResult result = AuthKeyFile.Write(path, AuthKey.Generate(), overwrite: force);
        switch (result.Status)
        {
            case AuthKeyWriteStatus.Written:
                output.WriteLine(
                    $"Wrote a {AuthKey.BytesDefault}-byte authkey to {path} (mode 0400). " +
                    $"Copy it to every node, keeping its permissions (e.g. scp -p {path} root@node2:{path}).");
                return ExitCodes.Ok;
            case AuthKeyWriteStatus.AlreadyExists:
                error.WriteLine(
                    $"concord: {path} already exists; not replacing it, because every node must share the same key. " +
                    "Use --force to replace it, then copy the new key to every node.");
                return ExitCodes.CantCreate;
            default:
                error.WriteLine($"concord: {result.Error}");
                return ExitCodes.CantCreate;
        }
    }
}
