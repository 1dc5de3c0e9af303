-- wrk script for bench/api-load.sh: every request a different page (a random /24 of the bench's 500 subnets, and a
-- parameter that makes every URL unique), so no answer comes from pguide's response cache: the store is asked each time.
math.randomseed(os.time())
request = function()
  local s = math.random(0, 199)
  return wrk.format("GET", string.format("/api/v1/leases?limit=100&ip=10.%d.%d.0/24&uncached=%d", math.floor(s / 256), s % 256, math.random(1, 1000000000)))
end
