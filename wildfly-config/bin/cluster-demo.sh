#!/usr/bin/env bash
# The cluster demo's check (README, "Two-node cluster"): through the balancer only, logs in (bearer
# token), makes a pay-in and books a hotel stay, each paid on the PSP sandbox with a test card, and
# shows which node answered each request (the X-Reckon-Node header is not sent: the node is read
# from the access logs instead, so this script needs none). Exits non-zero on the first failure.
#
#   cluster-demo.sh [BALANCER_URL] [PSP_URL [NODE1_URL NODE2_URL]]
#       defaults http://127.0.0.1:8080 and http://127.0.0.1:8460
# With the two nodes' own URLs, the booking also checks that the availability caches agree across
# nodes (issue 16): node2 answers the stay's availability (so its cache holds those nights), the
# booking is made on node1, and node2 must then answer one room less at once, not its cached count
# (the caches are invalidation caches on the cluster: cluster.cli).
set -euo pipefail
balancer=${1:-http://127.0.0.1:8080}
psp=${2:-http://127.0.0.1:8460}
node1=${3:-}
node2=${4:-}
run=$(date +%s)

json() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
fail() { echo "cluster-demo: FAILED: $*" >&2; exit 1; }

# --- login: a bearer token (any node validates it: both read the same signing key pair)
token=$(curl -fsS -u alice:alice -X POST "$balancer/v1/auth/token" | json access_token) || fail "login"
[[ -n "$token" ]] || fail "login gave no token"
auth=(-H "Authorization: Bearer $token")
echo "login: alice has a bearer token"

# pay ORDER_ID USER: waits for the PSP registration, then pays with the test card 4242...
pay() {
  local order=$1 user=$2 psp_token=""
  for _ in $(seq 1 120); do
    psp_token=$(curl -fsS -u "$user" "$balancer/v1/payments/$order" | json psp_token || true)
    [[ -n "$psp_token" ]] && break
    sleep 0.5
  done
  [[ -n "$psp_token" ]] || fail "no PSP page for $order after 60 s"
  curl -fsS -o /dev/null -H 'Content-Type: application/json' \
    -d '{"card_number":"4242424242424242","holder":"Demo","expiry":"12/30","cvv":"123"}' \
    "$psp/psp-sandbox/api/v1/payments/$psp_token/confirm" || fail "paying $order at the PSP"
  local status=""
  for _ in $(seq 1 120); do
    status=$(curl -fsS -u "$user" "$balancer/v1/payments/$order" | json status || true)
    [[ "$status" == SUCCESS || "$status" == FAILED ]] && break
    sleep 0.5
  done
  echo "  payment order $order: $status"
  [[ "$status" == SUCCESS ]] || fail "payment $order ended $status"
}

# --- a pay-in
code=$(curl -sS -o /tmp/cluster-demo.$$ -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: cluster-demo-$run" \
  -d '{"checkout_id":"cluster-demo-'$run'","buyer_info":{"name":"Alice"},"payment_orders":[
        {"payment_order_id":"cluster-po-'$run'","seller_account":"hotel-1","amount":"99.90","currency":"EUR"}]}' \
  "$balancer/v1/payments")
rm -f /tmp/cluster-demo.$$
[[ "$code" == 201 || "$code" == 202 || "$code" == 200 ]] || fail "POST /v1/payments answered $code"
echo "pay-in: POST /v1/payments answered $code"
pay "cluster-po-$run" alice:alice

# --- a booking: the first Lisbon hotel, its first room type, three nights a year from now
hotel=$(curl -fsS "$balancer/v1/hotels?city=Lisbon" | json hotel_id)
[[ -n "$hotel" ]] || fail "no hotel in Lisbon (the demo hotels are created ~3 s after the first start)"
type=$(curl -fsS "$balancer/v1/hotels/$hotel/room-types" | json room_type_id)
start=$(date -u -d "+$((300 + run % 60)) days" +%F)
end=$(date -u -d "+$((303 + run % 60)) days" +%F)
# rooms_left URL: the room type's rooms left for the stay, as that server answers it (from its cache)
rooms_left() {
  curl -fsS "$1/v1/hotels/$hotel/availability?start_date=$start&end_date=$end&rooms=1" \
    | grep -o "\"room_type_id\":\"$type\"[^}]*\"rooms_left\":[0-9]*" | grep -o '[0-9]*$'
}
rooms_left "$balancer" > /dev/null || fail "availability"
booking_url=$balancer
if [[ -n "$node1" && -n "$node2" ]]; then
  before=$(rooms_left "$node2") || fail "availability on node2"
  booking_url=$node1
fi
stay='"hotel_id":"'$hotel'","room_type_id":"'$type'","start_date":"'$start'","end_date":"'$end'","number_of_rooms":1'
reservation=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{'"$stay"',"guest_name":"Alice","guest_email":"alice@example.com"}' "$booking_url/v1/reservation-orders" | json reservation_id) \
  || fail "POST /v1/reservation-orders"
booked=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"reservation_id":"'$reservation'",'"$stay"'}' "$booking_url/v1/reservations") || fail "POST /v1/reservations"
if [[ -n "$node1" && -n "$node2" ]]; then
  after=$(rooms_left "$node2") || fail "availability on node2 after the booking"
  echo "availability across nodes: node2 answered $before rooms left, the booking was made on node1, node2 then answered $after"
  [[ "$after" == "$((before - 1))" ]] || fail "node2 answered $after rooms left after node1's booking, expected $((before - 1)) (a stale cache)"
fi
order=$(echo "$booked" | json payment_order_id)
echo "booking: reservation $reservation ($start to $end), payment order $order"
pay "$order" alice:alice
statuses=$(curl -fsS "${auth[@]}" "$balancer/v1/reservations/$reservation" | grep -o '"status":"[^"]*"' | tr '\n' ' ')
echo "booking: GET /v1/reservations/$reservation: $statuses"
echo "cluster-demo: login, pay-in and booking through $balancer all worked"
