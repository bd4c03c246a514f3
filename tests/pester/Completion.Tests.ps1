#Requires -Modules Pester
# Tab completion as users get it (TabExpansion2 in a fresh pwsh with the built module): -Camera on every cmdlet
# that has it (live sessions and registered names, wildcard-aware, quoted), -Tag, registration names, Get-CamParam
# -Group/-Name and every enum parameter. Offline: completion sends no request to any camera.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:configDir = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-completion-" + [guid]::NewGuid())
    $env:FOSCAMPS_CONFIG_DIR = $configDir
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $script:controlPort = $l.LocalEndpoint.Port; $l.Stop()
    $script:emu = Start-TestEmulator -Count 2 -Arguments @('--control-port', "$controlPort")
    $script:cred = New-TestCredential -UserName admin -Password ''
    Register-Cam -Name lobby-1 -Address $emu.Cameras[0].Address -Credential $cred -Tag lobby, floor1 | Out-Null
    Register-Cam -Name lobby-2 -Address $emu.Cameras[1].Address -Credential $cred -Tag lobby | Out-Null
    Register-Cam -Name yard -Address 192.0.2.77:81 -Tag outdoor | Out-Null     # unreachable: completion must not touch it
    Connect-Cam -Camera $emu.Cameras[1].Address -Credential $cred -SessionName 'front door' | Out-Null

    function script:Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
    }
    function script:Get-RequestCount {
        $stats = Invoke-RestMethod "http://127.0.0.1:$controlPort/stats"
        ($stats.cameras | Measure-Object -Property requests -Sum).Sum
    }
}

AfterAll {
    Disconnect-Cam -All
    Stop-TestEmulator $script:emu
    Remove-Item $configDir -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:FOSCAMPS_CONFIG_DIR
}

Describe '-Camera completion' {
    BeforeDiscovery {
        Import-Module $env:FOSCAMPS_TEST_MODULE -Force
        $script:cameraCmdlets = @(Get-Command -Module FoscamPS | Where-Object { $_.Parameters.ContainsKey('Camera') -and $_.Name -ne 'Disconnect-Cam' } | ForEach-Object { @{ Cmdlet = $_.Name } })
    }

    It '<Cmdlet> -Camera offers the sessions of this runspace and every registered name, quoted where needed' -ForEach $cameraCmdlets {
        $before = Get-RequestCount
        $all = Complete "$Cmdlet -Camera "
        $all | Should -Contain "'front door'"
        $all | Should -Contain 'lobby-1'
        $all | Should -Contain 'lobby-2'
        $all | Should -Contain 'yard'
        Complete "$Cmdlet -Camera lob" | Should -Be @('lobby-1', 'lobby-2')
        Complete "$Cmdlet -Camera *2" | Should -Be @('lobby-2')
        Complete "$Cmdlet -Camera 'front" | Should -Be @("'front door'")
        Get-RequestCount | Should -Be $before -Because 'completion never contacts a camera'
    }

    It 'the completed text binds back to the same camera' {
        $text = Complete 'Get-CamStatus -Camera front' | Select-Object -First 1
        (Invoke-Expression "Get-CamStatus -Camera $text").CameraId | Should -Be $emu.Cameras[1].Id
    }

    It 'Disconnect-Cam -Camera offers sessions only' {
        Complete 'Disconnect-Cam -Camera ' | Should -Be @("'front door'")
    }
}

Describe 'Names and tags' {
    It 'Connect-Cam -Name and Unregister-Cam -Name offer registered names only' {
        Complete 'Connect-Cam -Name ' | Should -Be @('lobby-1', 'lobby-2', 'yard')
        Complete 'Unregister-Cam -Name y' | Should -Be @('yard')
    }

    It '-Tag offers the tags in use' {
        Complete 'Get-CamRegistration -Tag ' | Should -Be @('floor1', 'lobby', 'outdoor')
        Complete 'Connect-Cam -Tag o' | Should -Be @('outdoor')
        Complete 'Get-CamSession -Name ' | Should -Be @("'front door'")
    }
}

Describe 'Get-CamParam -Group / -Name' {
    It 'offers every settings group' {
        $groups = Complete 'Get-CamParam -Group '
        foreach ($g in 'Device', 'DateTime', 'Users', 'Network', 'Wifi', 'Ddns', 'Mail', 'Ftp', 'Alarm', 'Other') { $groups | Should -Contain $g }
    }

    It 'offers the fields of the group already typed' {
        $names = Complete 'Get-CamParam -Group Pppoe -Name '
        $names | Should -Be @('pppoe_enable', 'pppoe_pwd', 'pppoe_user')
    }

    It 'is an error naming the valid groups for an unknown group' {
        { Get-CamParam -Camera lobby-1 -Group Bogus } | Should -Throw -ErrorId 'UnknownParamGroup,FoscamPS.Commands.GetCamParamCommand' -ExpectedMessage '*Valid groups: Device, DateTime*'
    }
}

Describe 'Enum parameters complete natively' {
    BeforeDiscovery {
        Import-Module $env:FOSCAMPS_TEST_MODULE -Force
        $script:enumCases = @(foreach ($c in Get-Command -Module FoscamPS) {
                foreach ($p in $c.Parameters.Values) {
                    $t = $p.ParameterType; if ($t.IsArray) { $t = $t.GetElementType() }
                    $u = [Nullable]::GetUnderlyingType($t); if ($u) { $t = $u }
                    if ($t.IsEnum) { @{ Cmdlet = $c.Name; Parameter = $p.Name; Names = [Enum]::GetNames($t) } }
                }
            })
    }

    It '<Cmdlet> -<Parameter> offers <Names>' -ForEach $enumCases {
        $offered = Complete "$Cmdlet -$Parameter "
        foreach ($n in $Names) { $offered | Should -Contain $n }
    }
}
