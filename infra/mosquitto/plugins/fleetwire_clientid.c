/*
 * Fleetwire: Mosquitto 2.0 plugin (plugin API version 5) that binds the MQTT client id to the
 * device identity on the device listeners (issue 4: "client id different from the certificate:
 * refused").
 *
 * Why a plugin: with `use_identity_as_username true` Mosquitto 2.0.11 skips the whole
 * username/password (MOSQ_EVT_BASIC_AUTH) step for certificate and PSK logins, so nothing can
 * look at the client id before the session is created; `use_username_as_clientid` silently
 * replaces the client id instead of refusing it. So the generated config leaves both options off
 * on the device listeners, and this plugin, loaded before the dynamic-security plugin, does what
 * they did plus the check, during CONNECT and before any session exists:
 *
 *   - certificate client (mutual-TLS listener): identity = certificate CN;
 *   - PSK client (PSK listener): identity = PSK identity. The plugin serves the PSK keys itself
 *     (MOSQ_EVT_PSK_KEY, from `plugin_opt_psk_file`, re-read on SIGHUP) because that is the only
 *     place the identity is visible once `use_identity_as_username` is off;
 *   - identity == client id: the username becomes the identity (the dynamic-security plugin's
 *     ACLs then apply as before) and the login succeeds;
 *   - otherwise: MOSQ_ERR_AUTH, which Mosquitto answers with CONNACK 0x87 (MQTT 5) or 5
 *     (MQTT 3.1.1). No session is created or taken over, so there is nothing to kick.
 *   - a client with neither (the plain services listener): deferred to the next plugin
 *     (dynamic security checks the username and password as before).
 *
 * Presence (issue 7): the plugin also announces device connections, because it is the one place
 * that sees the identity, the refusal and every disconnect. It publishes (QoS 1, not retained) a
 * small JSON message to `fleetwire/presence/{identity}`:
 *
 *   {"event":"connected"|"disconnected"|"rejected","identity":...,"client_id":...,
 *    "listener":"mtls"|"psk","protocol_version":5,"address":...,"at":ISO-8601,
 *    "connection_started_at":ISO-8601 (connected/disconnected),"reason":... (disconnected/rejected)}
 *
 *   - connected: when the login succeeds here (what follows, session lookup and CONNACK, does not
 *     refuse; if it fails anyway, the disconnect below is still announced);
 *   - disconnected: MOSQ_EVT_DISCONNECT of a connection announced as connected. 2.0.11 passes no
 *     reason to plugins (always -1), so the reason is "taken_over" when a newer connection of the
 *     same identity logged in meanwhile, else "closed";
 *   - rejected: a client id that is not the identity (reason "client_id_mismatch").
 * `connection_started_at` names the connection (strictly increasing per identity), so the control
 * plane can tell a late disconnect of an old connection from the current one's. Service logins
 * announce nothing. Only platform services can read the topic (dynamic-security roles).
 *
 * Built by infra/src/mosquitto-plugin.ts: gcc -shared -fPIC ... -lcrypto.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/x509.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

#define MAX_IDENTITY 256
#define MAX_KEY_HEX 1024

struct psk_entry {
	char identity[MAX_IDENTITY];
	char key[MAX_KEY_HEX];
	struct psk_entry *next;
};

/* A PSK handshake that has completed and whose CONNECT has not been seen yet. */
struct pending_psk {
	const struct mosquitto *client;
	char identity[MAX_IDENTITY];
	struct pending_psk *next;
};

/* A device connection announced as connected, until its disconnect is announced. */
struct live_connection {
	const struct mosquitto *client;
	char identity[MAX_IDENTITY];
	const char *listener;
	long long started_ms;
	bool taken_over;
	struct live_connection *next;
};

#define PRESENCE_TOPIC_PREFIX "fleetwire/presence/"

static mosquitto_plugin_id_t *plugin_id = NULL;
static char *psk_file = NULL;
static struct psk_entry *psk_entries = NULL;
static struct pending_psk *pending = NULL;
static struct live_connection *live = NULL;

static void free_psk_entries(void)
{
	while(psk_entries){
		struct psk_entry *next = psk_entries->next;
		memset(psk_entries->key, 0, sizeof(psk_entries->key));
		free(psk_entries);
		psk_entries = next;
	}
}

/* Lines "identity:hexkey", as Mosquitto's own psk_file. */
static int load_psk_file(void)
{
	FILE *f;
	char line[MAX_IDENTITY + MAX_KEY_HEX + 4];

	free_psk_entries();
	if(!psk_file) return MOSQ_ERR_SUCCESS;
	f = fopen(psk_file, "r");
	if(!f){
		mosquitto_log_printf(MOSQ_LOG_ERR, "fleetwire_clientid: cannot read psk_file %s", psk_file);
		return MOSQ_ERR_UNKNOWN;
	}
	while(fgets(line, sizeof(line), f)){
		char *colon, *end;
		struct psk_entry *e;

		line[strcspn(line, "\r\n")] = '\0';
		if(line[0] == '\0' || line[0] == '#') continue;
		colon = strchr(line, ':');
		if(!colon || colon == line) continue;
		*colon = '\0';
		end = colon + 1;
		if(strlen(line) >= MAX_IDENTITY || strlen(end) == 0 || strlen(end) >= MAX_KEY_HEX) continue;
		e = calloc(1, sizeof(*e));
		if(!e){
			fclose(f);
			return MOSQ_ERR_NOMEM;
		}
		strcpy(e->identity, line);
		strcpy(e->key, end);
		e->next = psk_entries;
		psk_entries = e;
	}
	memset(line, 0, sizeof(line));
	fclose(f);
	return MOSQ_ERR_SUCCESS;
}

static void drop_pending(const struct mosquitto *client)
{
	struct pending_psk **p = &pending;
	while(*p){
		if((*p)->client == client){
			struct pending_psk *gone = *p;
			*p = gone->next;
			free(gone);
		}else{
			p = &(*p)->next;
		}
	}
}

/* Copies the pending PSK identity of this client into out and forgets it; false if none. */
static bool take_pending(const struct mosquitto *client, char *out)
{
	struct pending_psk *p;
	for(p = pending; p; p = p->next){
		if(p->client == client){
			strcpy(out, p->identity);
			drop_pending(client);
			return true;
		}
	}
	return false;
}

static int on_psk_key(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_psk_key *ed = event_data;
	struct psk_entry *e;
	struct pending_psk *p;
	(void)event;
	(void)userdata;

	if(!ed->identity) return MOSQ_ERR_AUTH;
	for(e = psk_entries; e; e = e->next){
		if(strcmp(e->identity, ed->identity) != 0) continue;
		if((int)strlen(e->key) >= ed->max_key_len) return MOSQ_ERR_AUTH;
		p = calloc(1, sizeof(*p));
		if(!p) return MOSQ_ERR_NOMEM;
		drop_pending(ed->client);
		p->client = ed->client;
		strcpy(p->identity, e->identity);
		p->next = pending;
		pending = p;
		strcpy(ed->key, e->key);
		return MOSQ_ERR_SUCCESS;
	}
	return MOSQ_ERR_AUTH;
}

/* The certificate's CN into out; false when it has none or it holds an embedded NUL. */
static bool certificate_cn(X509 *cert, char *out)
{
	X509_NAME *name = X509_get_subject_name(cert);
	X509_NAME_ENTRY *entry;
	ASN1_STRING *data;
	int i, len;

	if(!name) return false;
	i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	if(i < 0) return false;
	entry = X509_NAME_get_entry(name, i);
	if(!entry) return false;
	data = X509_NAME_ENTRY_get_data(entry);
	if(!data) return false;
	len = ASN1_STRING_length(data);
	if(len <= 0 || len >= MAX_IDENTITY) return false;
	memcpy(out, ASN1_STRING_get0_data(data), (size_t)len);
	out[len] = '\0';
	return strlen(out) == (size_t)len;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void iso_time(long long ms, char *out, size_t len)
{
	time_t seconds = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&seconds, &tm);
	snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

/* A JSON string literal of in (quotes included); out must hold 6 * strlen(in) + 3 bytes. */
static void json_string(const char *in, char *out)
{
	*out++ = '"';
	for(; *in; in++){
		unsigned char c = (unsigned char)*in;
		if(c == '"' || c == '\\'){
			*out++ = '\\';
			*out++ = (char)c;
		}else if(c < 0x20){
			out += sprintf(out, "\\u%04x", c);
		}else{
			*out++ = (char)c;
		}
	}
	*out++ = '"';
	*out = '\0';
}

/* Publishes one presence message; a failure is logged and never affects the client's login. */
static void publish_presence(const char *event, const char *identity, const char *client_id, const char *listener,
		const struct mosquitto *client, long long at_ms, long long started_ms, const char *reason)
{
	char topic[sizeof(PRESENCE_TOPIC_PREFIX) + MAX_IDENTITY];
	char identity_json[6 * MAX_IDENTITY + 3], client_id_json[6 * MAX_IDENTITY + 3], address_json[6 * 64 + 3];
	char reason_json[6 * 64 + 3];
	char at[80], started[80], started_field[128] = "", reason_field[6 * 64 + 16] = "";
	char payload[sizeof(identity_json) + sizeof(client_id_json) + sizeof(address_json) + sizeof(reason_field) + 256];
	const char *address = mosquitto_client_address(client);
	char client_id_short[MAX_IDENTITY];
	char address_short[64];
	int len, rc;

	/* A wildcard or level separator cannot be in a topic name; platform-issued identities have none. */
	if(strpbrk(identity, "+#/")) return;
	snprintf(topic, sizeof(topic), PRESENCE_TOPIC_PREFIX "%s", identity);
	snprintf(client_id_short, sizeof(client_id_short), "%s", client_id ? client_id : "");
	snprintf(address_short, sizeof(address_short), "%s", address ? address : "");
	json_string(identity, identity_json);
	json_string(client_id_short, client_id_json);
	json_string(address_short, address_json);
	iso_time(at_ms, at, sizeof(at));
	if(started_ms > 0){
		iso_time(started_ms, started, sizeof(started));
		snprintf(started_field, sizeof(started_field), ",\"connection_started_at\":\"%s\"", started);
	}
	if(reason){
		char reason_short[64];
		snprintf(reason_short, sizeof(reason_short), "%s", reason);
		json_string(reason_short, reason_json);
		snprintf(reason_field, sizeof(reason_field), ",\"reason\":%s", reason_json);
	}
	len = snprintf(payload, sizeof(payload),
			"{\"event\":\"%s\",\"identity\":%s,\"client_id\":%s,\"listener\":\"%s\",\"protocol_version\":%d,"
			"\"address\":%s,\"at\":\"%s\"%s%s}",
			event, identity_json, client_id_json, listener, mosquitto_client_protocol_version(client), address_json, at,
			started_field, reason_field);
	if(len < 0 || (size_t)len >= sizeof(payload)) return;
	rc = mosquitto_broker_publish_copy(NULL, topic, len, payload, 1, false, NULL);
	if(rc != MOSQ_ERR_SUCCESS){
		mosquitto_log_printf(MOSQ_LOG_WARNING, "fleetwire_clientid: could not publish %s presence of %s (%d)", event,
				identity, rc);
	}
}

/* Remembers a new connection of identity and announces it; an older live one is marked taken over. */
static void announce_connected(const struct mosquitto *client, const char *identity, const char *listener)
{
	struct live_connection *c, *conn;
	long long at = now_ms(), started = at;

	for(c = live; c; c = c->next){
		if(strcmp(c->identity, identity) != 0) continue;
		c->taken_over = true;
		if(c->started_ms >= started) started = c->started_ms + 1;
	}
	conn = calloc(1, sizeof(*conn));
	if(!conn) return;
	conn->client = client;
	strcpy(conn->identity, identity);
	conn->listener = listener;
	conn->started_ms = started;
	conn->next = live;
	live = conn;
	publish_presence("connected", identity, identity, listener, client, at, started, NULL);
}

static void announce_disconnected(const struct mosquitto *client)
{
	struct live_connection **c = &live;
	while(*c){
		if((*c)->client == client){
			struct live_connection *gone = *c;
			*c = gone->next;
			publish_presence("disconnected", gone->identity, gone->identity, gone->listener, client, now_ms(),
					gone->started_ms, gone->taken_over ? "taken_over" : "closed");
			free(gone);
		}else{
			c = &(*c)->next;
		}
	}
}

static int on_basic_auth(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_basic_auth *ed = event_data;
	char identity[MAX_IDENTITY];
	const char *kind;
	const char *listener;
	const char *client_id;
	X509 *cert;
	(void)event;
	(void)userdata;

	cert = mosquitto_client_certificate(ed->client);
	if(cert){
		bool ok = certificate_cn(cert, identity);
		X509_free(cert);
		if(!ok){
			mosquitto_log_printf(MOSQ_LOG_NOTICE, "fleetwire_clientid: refused %s: certificate without a usable CN",
					mosquitto_client_address(ed->client));
			return MOSQ_ERR_AUTH;
		}
		kind = "certificate CN";
		listener = "mtls";
	}else if(take_pending(ed->client, identity)){
		kind = "PSK identity";
		listener = "psk";
	}else{
		/* Not a device login (services listener): the dynamic-security plugin decides. */
		return MOSQ_ERR_PLUGIN_DEFER;
	}

	client_id = mosquitto_client_id(ed->client);
	if(!client_id || strcmp(client_id, identity) != 0){
		mosquitto_log_printf(MOSQ_LOG_NOTICE,
				"fleetwire_clientid: refused client id '%s' from %s: %s is '%s'",
				client_id ? client_id : "", mosquitto_client_address(ed->client), kind, identity);
		publish_presence("rejected", identity, client_id, listener, ed->client, now_ms(), 0, "client_id_mismatch");
		return MOSQ_ERR_AUTH;
	}
	if(mosquitto_set_username(ed->client, identity) != MOSQ_ERR_SUCCESS) return MOSQ_ERR_AUTH;
	announce_connected(ed->client, identity, listener);
	return MOSQ_ERR_SUCCESS;
}

static int on_disconnect(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_disconnect *ed = event_data;
	(void)event;
	(void)userdata;
	drop_pending(ed->client);
	announce_disconnected(ed->client);
	return MOSQ_ERR_SUCCESS;
}

static int on_reload(int event, void *event_data, void *userdata)
{
	(void)event;
	(void)event_data;
	(void)userdata;
	return load_psk_file();
}

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions)
{
	int i;
	for(i = 0; i < supported_version_count; i++){
		if(supported_versions[i] == 5) return 5;
	}
	return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata, struct mosquitto_opt *options, int option_count)
{
	int i, rc;
	(void)userdata;

	plugin_id = identifier;
	for(i = 0; i < option_count; i++){
		if(!strcmp(options[i].key, "psk_file")){
			free(psk_file);
			psk_file = strdup(options[i].value);
		}
	}
	rc = load_psk_file();
	if(rc) return rc;
	rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL, NULL);
	if(!rc) rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_PSK_KEY, on_psk_key, NULL, NULL);
	if(!rc) rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_DISCONNECT, on_disconnect, NULL, NULL);
	if(!rc) rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_RELOAD, on_reload, NULL, NULL);
	return rc;
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	(void)options;
	(void)option_count;
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL);
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_PSK_KEY, on_psk_key, NULL);
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_DISCONNECT, on_disconnect, NULL);
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_RELOAD, on_reload, NULL);
	free_psk_entries();
	while(pending) drop_pending(pending->client);
	while(live){
		struct live_connection *next = live->next;
		free(live);
		live = next;
	}
	free(psk_file);
	psk_file = NULL;
	return MOSQ_ERR_SUCCESS;
}
