#Requires -Modules Pester
<#
Every example in docs/*.md runs against the emulator, so the help cannot rot (issue 9).

THE CONTRACT (also in docs/README.md) - how to write an example this test can run:
- It enumerates every docs/*.md with a '## EXAMPLES' section: each '### Example N: title' and its first
  ```powershell fence. New pages are picked up without changing this file.
- The examples of one page run in order, in one runspace of a fresh, non-interactive pwsh (DocExamples.Runner.ps1),
  with the module imported, against a fresh emulator fleet and a fresh configuration folder for that page:
    lobby-1, lobby-2, yard, gold   four emulated cameras, registered under these names with the emulator's
                                   default account (admin, blank password) in the credential store, and
                                   connected (sessions of the same names); tags: lobby-1 'lobby','site-a','dock';
                                   lobby-2 'lobby','site-a'; yard 'yard','outdoor','site-a','site-b'; gold 'lab';
                                   each camera also has the account night-shift (operator);
    192.0.2.10 .. 192.0.2.13       the documentation addresses (RFC 5737) of those four cameras, in that order
                                   ('192.0.2.10:81', 'http://192.0.2.10:81/' too): the test replaces them with
                                   the emulator's address; any other 192.0.2.x address stays unreachable;
    $cred                          that account as a PSCredential; Get-Credential is a stand-in returning it
                                   (for another user name: that name with the password 'fake-pw-1');
    Read-Host                      a stand-in returning 'fake-passphrase-1' (a SecureString with -AsSecureString);
    $env:BACKUP_ROOT               an empty folder; the current location is an empty folder of the page;
    $ConfirmPreference = 'None'    a confirmation is answered Yes (write -Confirm:$false only where a runbook needs it);
    8099                           the alarm listener port of the docs: replaced by a port free at that moment.
  Any other prompt fails (no host).
- An example passes when it writes no error and does not throw within 30 s. Directives, one HTML comment each on
  its own line after the fence (GitHub hides them; the help generator drops them):
    <!-- example-setup: CODE -->        PowerShell run just before the example, in the same scope, not shown;
    <!-- example-expects: error -->     the example demonstrates an error: it passes only when it writes one;
    <!-- example-stops-after: N -->     a command that runs until stopped (Ctrl+C) or longer than a test should
                                        wait: stopped after N seconds, passes when it wrote no error until then.
- An example that needs what this test cannot provide (a real network, Windows, Azure, another machine) is listed
  in $NotRunnable below with the reason - the only way out; the list is checked to name real examples.
#>

BeforeDiscovery {
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:DocExamples = [System.Collections.Generic.List[hashtable]]::new()
    foreach ($file in Get-ChildItem (Join-Path $repoRoot 'docs') -Filter *.md | Sort-Object Name) {
        $lines = Get-Content $file.FullName
        $inExamples = $false; $current = $null; $state = 'before'
        foreach ($l in $lines) {
            if ($l -match '^## ') {
                $inExamples = $l -match '^## EXAMPLES\s*$'
                if ($current) { $DocExamples.Add($current); $current = $null }
                continue
            }
            if (-not $inExamples) { continue }
            if ($l -match '^### (Example (\d+).*)$') {
                if ($current) { $DocExamples.Add($current) }
                $current = @{ Doc = $file.Name; Index = [int] $Matches[2]; Title = $Matches[1]; Code = ''; Setup = ''; ExpectError = $false; StopAfterSec = 0; Fence = '' }
                $state = 'before'
                continue
            }
            if (-not $current) { continue }
            if ($state -eq 'before' -and $l -match '^\s{0,3}```\s*(\w*)') { $state = 'code'; $current.Fence = $Matches[1]; continue }
            if ($state -eq 'code') {
                if ($l -match '^\s{0,3}```') { $state = 'after' } else { $current.Code += "$l`n" }
                continue
            }
            if ($state -eq 'after') {
                if ($l -match '^\s*<!--\s*example-setup:\s*(.*?)\s*-->\s*$') { $current.Setup += "$($Matches[1])`n" }
                elseif ($l -match '^\s*<!--\s*example-expects:\s*error\s*-->\s*$') { $current.ExpectError = $true }
                elseif ($l -match '^\s*<!--\s*example-stops-after:\s*(\d+)\s*-->\s*$') { $current.StopAfterSec = [int] $Matches[1] }
            }
        }
        if ($current) { $DocExamples.Add($current) }
    }

    # The examples this test cannot run, with the reason. Keep it small: prefer making an example runnable.
    $azure = 'needs Azure Automation (Get-AutomationPSCredential exists only in the sandbox or on a Hybrid Runbook Worker; the runbook simulation in Runbook.Tests.ps1 covers that path)'
    $package = 'needs a vendor package file (lr_cmos_*.bin firmware or a web UI .bin) that the test does not have; Maintenance.Tests.ps1 covers the cmdlet with built packages'
    $lanSearch = 'sends the LAN search as a broadcast (or directed broadcast) to the real network, which a test must never do; Discovery.Tests.ps1 runs the same pipelines unicast to 127.0.0.1 and broadcast inside a private network namespace'
    $script:NotRunnable = @{
        'Connect-Cam.md#4'               = $azure
        'Restart-Cam.md#3'               = $azure
        'Set-CamCredentialStore.md#2'    = $azure
        'Unlock-CamCredentialStore.md#2' = $azure
        'Register-Cam.md#3'              = 'needs a second machine: it imports the exported registry into an empty one (Citizen.Tests.ps1 tests the CSV round trip)'
        'Set-CamNetwork.md#1'            = 'moves the camera to 192.0.2.20: the emulator listens on loopback only, so the camera cannot follow'
        'Update-CamFirmware.md#1'        = $package
        'Update-CamFirmware.md#2'        = $package
        'Update-CamFirmware.md#3'        = $package
        'Update-CamWebUI.md#1'           = $package
        'Update-CamWebUI.md#2'           = $package
        'Update-CamWebUI.md#3'           = $package
        'Find-Cam.md#1'                = $lanSearch
        'Find-Cam.md#3'                = $lanSearch
        'Find-Cam.md#4'                = $lanSearch
        'Find-Cam.md#5'                = $lanSearch
        'Find-Cam.md#2'                = 'builds and starts its own emulator with dotnet run (minutes, not 30 s); Discovery.Tests.ps1 runs Find-Cam against the emulator''s discovery port'
    }
    foreach ($e in $DocExamples) {
        $e.Key = "$($e.Doc)#$($e.Index)"
        $e.Reason = $NotRunnable[$e.Key]
    }
    $script:Runnable = @($DocExamples | Where-Object { -not $_.Reason })
    $script:Allowlisted = @($DocExamples | Where-Object { $_.Reason })
}

BeforeAll {
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-docs-" + [guid]::NewGuid())
    $null = New-Item -ItemType Directory $work
    $examplesPath = Join-Path $work 'examples.json'
    ConvertTo-Json -InputObject @($Runnable | ForEach-Object { [pscustomobject]@{ Doc = $_.Doc; Index = $_.Index; Title = $_.Title; Code = $_.Code; Setup = $_.Setup; ExpectError = $_.ExpectError; StopAfterSec = $_.StopAfterSec } }) -Depth 3 |
        Set-Content -Path $examplesPath -Encoding utf8
    $resultPath = Join-Path $work 'results.json'
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $runner = Join-Path $PSScriptRoot 'DocExamples.Runner.ps1'
    # A fresh, non-interactive pwsh with its own HOME (examples may write under ~) and stdin closed.
    $oldHome = $env:HOME
    $env:HOME = Join-Path $work 'home'
    $null = New-Item -ItemType Directory $env:HOME
    try {
        $null = '' | & $pwsh -NoProfile -NonInteractive -File $runner -ExamplesPath $examplesPath -ModulePath $env:FOSCAMPS_TEST_MODULE -WorkPath $work -ResultPath $resultPath 2>&1
    }
    finally { $env:HOME = $oldHome }
    $script:Results = @{}
    if (Test-Path $resultPath) { foreach ($r in @(Get-Content -Raw $resultPath | ConvertFrom-Json)) { $Results["$($r.Doc)#$($r.Index)"] = $r } }
}

AfterAll {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Examples in docs/*.md' {
    It 'finds the examples of every cmdlet page' {
        $DocExamples.Count | Should -BeGreaterThan 100
        @($DocExamples | Where-Object { $_.Doc -eq 'Get-CamStatus.md' }).Count | Should -BeGreaterThan 0
    }

    It 'every example is a powershell fence with code' -ForEach $DocExamples {
        $Fence | Should -Be 'powershell' -Because "$Key"
        $Code.Trim() | Should -Not -BeNullOrEmpty
    }

    It '<Key> (<Title>) runs against the emulator fleet' -ForEach $Runnable {
        $r = $Results[$Key]
        $r | Should -Not -BeNullOrEmpty -Because 'the runner reports every example'
        $because = "example $Key failed:`n" + ($r.Errors -join "`n") + "`n--- code ---`n$Code"
        $r.Ok | Should -BeTrue -Because $because
    }

    It 'allowlisted <Key> exists and has a reason: <Reason>' -ForEach $Allowlisted {
        $Reason.Length | Should -BeGreaterThan 10
    }

    It 'the allowlist names only real examples' {
        $keys = @($DocExamples | ForEach-Object { $_.Key })
        @($NotRunnable.Keys | Where-Object { $_ -notin $keys }) | Should -BeNullOrEmpty
    }
}
