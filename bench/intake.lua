-- wrk script: POST the homeowner form with a valid CSRF cookie/token and a different phone each time.
local counter = 0
local token = os.getenv("CSRF_TOKEN")
local cookie = os.getenv("CSRF_COOKIE")
local zip = os.getenv("LEAD_ZIP") or "94110"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "plumbline_csrf=" .. cookie

-- Each wrk thread has its own Lua state with the same counter and random seed: without a thread
-- number in the phone, every thread sends the same phones and half the leads are duplicates (stored,
-- never matched).
local threads = 0
-- And without a run number, a second run on the same database (PostgreSQL) sends the first run's
-- phones again: its leads are duplicates and measure nothing.
local run = os.time() % 100000
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

request = function()
  counter = counter + 1
  local phone = string.format("415%07d",
    2000000 + ((tid or 0) * 2999999 + counter * 7919 + run * 104729) % 8000000)
  local body = "service_type=leak_repair&description=Water+dripping+under+the+kitchen+sink&urgency=this_week"
    .. "&zip=" .. zip .. "&name=Bench+Mark&phone=" .. phone .. "&email=bench%40example.com&contact_method=text"
    .. "&questions_for=leak_repair&answer_where=Under+a+sink"
    .. "&consent=yes&utm_source=bench&csrf_token=" .. token
  return wrk.format(nil, "/request", nil, body)
end
