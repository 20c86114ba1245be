-- AppPasswords Lua passdb for Dovecot 2.3 (package dovecot-auth-lua): every login is checked by the portal's verify API
-- over a kept-alive HTTP connection inside Dovecot's auth worker; no process is started per login.
--
--   passdb { driver = lua  args = file=/etc/dovecot/apppasswords-passdb.lua blocking=yes }
--
-- It reads the same configuration file as the checkpassword adapter (deploy/dovecot/checkpassword.conf):
--   verify_url, service_key_file (mode 0640 root:dovecot), timeout_seconds.
-- Outcomes: 200 → OK (the session runs under the canonical userPrincipalName); 401/400 → password mismatch;
-- unreachable, timeout, 5xx, 429, 403 (our key), unreadable answer, unreadable key → internal failure, which Dovecot
-- reports to the client as a temporary failure, not as a wrong password.
-- Nothing secret is logged: neither the password nor the service key (Dovecot's log is read by admins).

local CONFIG_FILE = "@PASSDB_CONFIG@"
local MAX_FIELD_BYTES = 512

local settings = nil
local http_client = nil
local init_error = nil

local function read_settings(path)
  local file, err = io.open(path, "r")
  if file == nil then
    return nil, "cannot read " .. path .. ": " .. tostring(err)
  end
  local values = {}
  for line in file:lines() do
    local key, value = line:match("^%s*([%w_]+)%s*=%s*(.-)%s*$")
    if key ~= nil and not line:match("^%s*#") then
      values[key] = value
    end
  end
  file:close()
  if values.verify_url == nil or not values.verify_url:match("^https?://") then
    return nil, path .. ": verify_url must be an http(s) URL"
  end
  if values.service_key_file == nil or values.service_key_file == "" then
    return nil, path .. ": service_key_file is missing"
  end
  local timeout = tonumber(values.timeout_seconds or "5")
  if timeout == nil or timeout <= 0 or timeout > 60 then
    return nil, path .. ": timeout_seconds must be between 1 and 60"
  end
  values.timeout_msecs = math.floor(timeout * 1000)
  return values
end

-- Read on every login so that a rotated key is used at once; the file is tiny.
local function read_service_key(path)
  local file = io.open(path, "r")
  if file == nil then
    return nil, "service key file " .. path .. " is not readable by this user"
  end
  local key = (file:read("*l") or ""):match("^%s*(.-)%s*$")
  file:close()
  if key == "" then
    return nil, "service key file " .. path .. " is empty"
  end
  return key
end

local function json_string(value)
  return '"' .. value:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    return string.format("\\u%04x", c:byte())
  end) .. '"'
end

-- imap and pop3 map to themselves; Postfix (service=smtp) and Dovecot submission map to smtp; anything else
-- (sieve, doveadm, ...) has no app password scope.
local function protocol_scope(service)
  local s = (service or ""):lower()
  if s == "imap" or s == "pop3" then return s end
  if s == "smtp" or s == "submission" then return "smtp" end
  return nil
end

function script_init()
  local values, err = read_settings(CONFIG_FILE)
  if values == nil then
    -- Every login then fails temporarily with this message in the log, until the file is fixed and Dovecot reloaded.
    init_error = err
    return 0
  end
  settings = values
  http_client = dovecot.http.client({
    request_timeout_msecs = settings.timeout_msecs,
    max_attempts = 1,
    no_auto_retry = true,
    user_agent = "apppasswords-dovecot-lua",
  })
  return 0
end

function script_deinit()
end

function auth_passdb_lookup(request)
  -- Only plaintext mechanisms (PLAIN, LOGIN) can be checked against the portal; it never hands out a password.
  return dovecot.auth.PASSDB_RESULT_USER_UNKNOWN, ""
end

function auth_password_verify(request, password)
  -- An internal failure's message is what Dovecot logs as the error ("passdb-lua: <message>").
  if settings == nil or http_client == nil then
    return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, "apppasswords-passdb: " .. tostring(init_error)
  end
  local scope = protocol_scope(request.service)
  if scope == nil then
    request:log_info("apppasswords-passdb: service '" .. tostring(request.service) .. "' has no app password scope")
    return dovecot.auth.PASSDB_RESULT_PASSWORD_MISMATCH, ""
  end
  local user = request.user or ""
  if user == "" or password == nil or password == "" or #user > MAX_FIELD_BYTES or #password > MAX_FIELD_BYTES then
    return dovecot.auth.PASSDB_RESULT_PASSWORD_MISMATCH, ""
  end
  local key, key_error = read_service_key(settings.service_key_file)
  if key == nil then
    return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, "apppasswords-passdb: " .. key_error
  end

  local body = '{"user":' .. json_string(user) .. ',"password":' .. json_string(password)
    .. ',"protocol":"' .. scope .. '"'
  if request.remote_ip ~= nil and request.remote_ip ~= "" then
    body = body .. ',"remoteIp":' .. json_string(request.remote_ip)
  end
  body = body .. "}"

  local http_request = http_client:request({ url = settings.verify_url, method = "POST" })
  http_request:add_header("Authorization", "Bearer " .. key)
  http_request:add_header("Content-Type", "application/json")
  http_request:set_payload(body)
  local response = http_request:submit()
  local status = response:status()

  if status == 200 then
    local upn = (response:payload() or ""):match('"userPrincipalName"%s*:%s*"([^"\\%c]+)"')
    if upn == nil then
      return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, "apppasswords-passdb: verify API answered 200 without userPrincipalName"
    end
    return dovecot.auth.PASSDB_RESULT_OK, { user = upn }
  elseif status == 401 or status == 400 then
    return dovecot.auth.PASSDB_RESULT_PASSWORD_MISMATCH, ""
  elseif status == 403 then
    return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE,
      "apppasswords-passdb: verify API refused the service key (403); create a new one with 'service-keys create'"
  elseif status >= 9000 then
    -- Dovecot's own codes for connection failures and timeouts; the reason names no secret.
    return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE,
      "apppasswords-passdb: verify API unreachable (" .. tostring(response:reason()) .. ")"
  end
  return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, "apppasswords-passdb: verify API answered " .. tostring(status)
end
