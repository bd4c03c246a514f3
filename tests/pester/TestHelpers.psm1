# Helpers shared by the Pester suites: start the emulator as a child process and read its LISTENING lines.
Set-StrictMode -Version 3.0

function Start-TestEmulator {
    [CmdletBinding()]
    param(
        [int] $Count = 3,
        [string[]] $Arguments = @(),
        [int] $TimeoutSec = 60
    )
    $dll = $env:FOSCAMPS_TEST_EMULATOR
    if (-not $dll -or -not (Test-Path $dll)) { throw "Emulator not built: FOSCAMPS_TEST_EMULATOR='$dll'" }
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($dll, '--count', "$Count", '--exit-on-stdin-eof') + $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $proc = [System.Diagnostics.Process]::Start($psi)
    $cams = [System.Collections.Generic.List[object]]::new()
    $discovery = $null
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ([DateTime]::UtcNow -lt $deadline) {
        $task = $proc.StandardOutput.ReadLineAsync()
        if (-not $task.Wait(([TimeSpan]($deadline - [DateTime]::UtcNow)))) { break }
        $line = $task.Result
        if ($null -eq $line) { break }
        if ($line -match '^LISTENING (\S+) (\S+)') {
            $uri = [Uri] $Matches[1]
            $cams.Add([pscustomobject]@{ Uri = $uri; Address = "$($uri.Host):$($uri.Port)"; Id = $Matches[2] })
        }
        elseif ($line -match '^DISCOVERY (\S+):(\d+)$') {
            $discovery = [pscustomobject]@{ Address = $Matches[1]; Port = [int] $Matches[2] }
        }
        elseif ($line -eq 'READY') {
            return [pscustomobject]@{ Process = $proc; Cameras = $cams.ToArray(); Discovery = $discovery }
        }
    }
    try { $proc.Kill($true) } catch { }
    throw "Emulator did not become ready: $($proc.StandardError.ReadToEnd())"
}

function Stop-TestEmulator {
    param($Emulator)
    if ($null -eq $Emulator) { return }
    try { $Emulator.Process.StandardInput.Close() } catch { }
    if (-not $Emulator.Process.WaitForExit(5000)) { try { $Emulator.Process.Kill($true) } catch { } }
}

function New-TestCredential {
    param([string] $UserName = 'admin', [string] $Password = '')
    $secure = [System.Security.SecureString]::new()
    foreach ($c in $Password.ToCharArray()) { $secure.AppendChar($c) }
    [pscredential]::new($UserName, $secure)
}

function Find-TestChromium {
    # Debian's chromium (.ci/run installs it); $null when it is missing.
    (Get-Command chromium, chromium-browser -ErrorAction SilentlyContinue | Select-Object -First 1).Source
}

function Invoke-TestChromiumScreenshot {
    # Renders a local HTML file in headless Chromium (a throw-away profile), writes the screenshot and returns the
    # browser's log (console messages included) as one string.
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $Screenshot,
        [string] $Chromium = (Find-TestChromium)
    )
    Remove-Item $Screenshot -ErrorAction SilentlyContinue
    $profileDir = Join-Path ([IO.Path]::GetTempPath()) ('foscamps-chromium-' + [guid]::NewGuid().ToString('N'))
    try {
        & $Chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir=$profileDir --enable-logging=stderr --v=0 `
            --window-size=1280,900 --screenshot=$Screenshot "file://$Path" 2>&1 | Out-String
    }
    finally { Remove-Item -Recurse -Force $profileDir -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Start-TestEmulator, Stop-TestEmulator, New-TestCredential, Find-TestChromium, Invoke-TestChromiumScreenshot
