-- wrk script: POST the homeowner form with a valid CSRF cookie/token and a different phone each time.
local counter = 0
local token = os.getenv("CSRF_TOKEN")
local cookie = os.getenv("CSRF_COOKIE")
local zip = os.getenv("LEAD_ZIP") or "94110"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "plumbline_csrf=" .. cookie

request = function()
  counter = counter + 1
  local phone = string.format("415%07d", 2000000 + (counter * 7919 + math.random(0, 999999)) % 8000000)
  local body = "service_type=leak_repair&description=Water+dripping+under+the+kitchen+sink&urgency=this_week"
    .. "&zip=" .. zip .. "&name=Bench+Mark&phone=" .. phone .. "&email=bench%40example.com&contact_method=text"
    .. "&consent=yes&utm_source=bench&csrf_token=" .. token
  return wrk.format(nil, "/request", nil, body)
end
